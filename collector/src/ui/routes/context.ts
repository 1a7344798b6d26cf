// What every page module reads: the configuration, the store, the read service and the shared filter plumbing.
import type { ResolvedConfig } from '../../config.js';
import type { PredictionService } from '../../predict/service.js';
import type { ReadService } from '../../read/service.js';
import type { Store } from '../../store/store.js';
import { versionedCache } from '../cache.js';
import { filterRange, type UiFilters } from '../filters.js';
import { makeLabels, type Labels } from '../labels.js';
import { uiReadService, type ReadFilters } from '../read-service.js';

/** What the UI reads besides the read service: the configuration, and the store for notes and raw events. */
export interface UiDeps { config: ResolvedConfig; store: Store; predictions?: PredictionService }

export interface UiContext {
  deps: UiDeps;
  /** The read service itself, for what the UI's wrapper does not cover (attribution). */
  read: ReadService;
  service: ReturnType<typeof uiReadService>;
  /** The configured site ids: a site filter naming another is ignored. */
  sites: string[];
  /** Memoised per store version: a figure is recomputed only when new events arrive. */
  cached: <T>(key: string, compute: () => Promise<T>) => Promise<T>;
  /** The filters as the read service takes them; a segment is looked up by its id (an unknown one is dropped: segmentChoice answered 404 before). */
  readFilters: (f: UiFilters) => Promise<ReadFilters>;
  /** Readable names for events, pages and channels, with the configured label map. */
  labels: Labels;
}

export function uiContext(deps: UiDeps, read: ReadService): UiContext {
  const sites = deps.config.sites.map((s) => s.id);
  const cache = versionedCache<unknown>(deps.store);
  return {
    deps,
    read,
    service: uiReadService(read),
    sites,
    labels: makeLabels(deps.config.labels),
    cached: <T,>(key: string, compute: () => Promise<T>) => cache(key, compute) as Promise<T>,
    readFilters: (f) => readFiltersOf(read, f, sites),
  };
}

/** UiFilters as the read service takes them: ms since epoch, a configured site only, the segment's definition. */
export async function readFiltersOf(read: ReadService, f: UiFilters, sites: string[]): Promise<ReadFilters> {
  const segment = f.segment ? (await read.segmentPredicate(f.segment))?.definition : undefined;
  return { ...filterRange(f), siteId: f.site && sites.includes(f.site) ? f.site : undefined, firstChannel: f.channel, ...(segment ? { segment } : {}) };
}

export const searchParams = (c: { req: { url: string } }) => new URL(c.req.url).searchParams;
