// Flows for a Sankey diagram: the first `steps` stages or pages of each journey (from `start`
// when given), as nodes and links, with a `(drop-off)` node where a path ends early. At the page
// level an off-site touchpoint is a step of the path too (`support: ticket_opened`), its node
// marked `offSite`. Built as an accumulator: its state is one counter per (step, label) and per
// (step, from, to).
import { bump, mergeCounts } from './counter.js';
import { pathOf } from './event.js';
import { OptionError } from './option-error.js';
import { offSiteLabel } from './journey-map.js';
import type { FlowLink, FlowNode, FlowsResult, Journey } from './types.js';

export interface FlowsOptions {
  level: 'stage' | 'page';
  /** Start each path at its first occurrence of this stage or page path; journeys without it are left out. */
  start?: string;
  /** Number of steps (columns), 1..50. */
  steps: number;
  /** Labels kept per step; the rest merge into `(other)`. 20 by default. */
  maxNodesPerStep?: number;
}

export interface FlowsAccumulator {
  add(journey: Journey): void;
  /** Adds `customers` journeys whose flowSequence is `seq` (each path counted once, however many share it). */
  addSequence(seq: readonly string[], customers?: number): void;
  /** The counters so far, as plain data (structured-cloneable). */
  state(): FlowsState;
  /** Adds another accumulator's state (same options), as if its journeys had been added here. */
  merge(other: FlowsState): void;
  result(): FlowsResult;
}

export interface FlowsState {
  customers: number; nodes: Map<string, number>[]; links: Map<string, number>[];
  /** Labels that name off-site touchpoints. */
  offSite: Set<string>;
}

export const DROP_OFF = '(drop-off)';
export const OTHER = '(other)';

/**
 * The journey as a sequence of stages (its timeline) or of page paths and off-site touchpoints
 * (repeats in a row collapsed). `offSite` collects the labels that are off-site touchpoints.
 */
export function flowSequence(j: Journey, level: FlowsOptions['level'], offSite?: Set<string>): string[] {
  if (level === 'stage') return j.stages.map((s) => s.stage);
  const out: string[] = [];
  for (const t of j.touchpoints) {
    const away = offSiteLabel(t);
    if (t.type !== 'page' && !away) continue;
    const p = away ?? pathOf(t.url) ?? '(unknown page)';
    if (away) offSite?.add(away);
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

export function createFlowsAccumulator(opts: FlowsOptions): FlowsAccumulator {
  if (opts.level !== 'stage' && opts.level !== 'page') throw new OptionError(`flows: level must be "stage" or "page", got ${JSON.stringify(opts.level)}`);
  if (!Number.isInteger(opts.steps) || opts.steps < 1 || opts.steps > 50) throw new OptionError(`flows: steps must be a whole number from 1 to 50, got ${opts.steps}`);
  const maxNodes = opts.maxNodesPerStep ?? 20;
  const nodes = Array.from({ length: opts.steps + 1 }, () => new Map<string, number>());
  const links = Array.from({ length: opts.steps }, () => new Map<string, number>());
  const offSite = new Set<string>();
  let customers = 0;

  function addSequence(whole: readonly string[], n = 1): void {
    let seq = whole;
    if (opts.start !== undefined) {
      const at = seq.indexOf(opts.start);
      if (at < 0) return;
      seq = seq.slice(at);
    }
    if (!seq.length) return;
    customers += n;
    const path = seq.slice(0, opts.steps);
    path.forEach((label, k) => {
      bump(nodes[k], label, n);
      if (k > 0) bump(links[k - 1], `${path[k - 1]}\u0000${label}`, n);
    });
    if (path.length < opts.steps) {
      bump(nodes[path.length], DROP_OFF, n);
      bump(links[path.length - 1], `${path[path.length - 1]}\u0000${DROP_OFF}`, n);
    }
  }

  return {
    add: (j) => addSequence(flowSequence(j, opts.level, offSite)),
    addSequence,

    state: () => ({ customers, nodes, links, offSite }),

    merge(other) {
      customers += other.customers;
      for (const l of other.offSite) offSite.add(l);
      other.nodes.forEach((m, k) => mergeCounts(nodes[k], m));
      other.links.forEach((m, k) => mergeCounts(links[k], m));
    },

    result() {
      // Keep the biggest labels of each step; the rest become `(other)` in nodes and links alike.
      const keep = nodes.map((m) => new Set(
        [...m].filter(([l]) => l !== DROP_OFF).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxNodes).map(([l]) => l),
      ));
      const name = (k: number, l: string) => (l === DROP_OFF || keep[k].has(l) ? l : OTHER);
      const outNodes: FlowNode[] = [];
      nodes.forEach((m, k) => {
        const merged = new Map<string, number>();
        for (const [l, c] of m) bump(merged, name(k, l), c);
        for (const [label, count] of [...merged].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
          outNodes.push({ id: `${k}:${label}`, step: k, label, count, ...(offSite.has(label) ? { offSite: true as const } : {}) });
        }
      });
      const outLinks: FlowLink[] = [];
      links.forEach((m, k) => {
        const merged = new Map<string, number>();
        for (const [key, c] of m) {
          const [from, to] = key.split('\u0000');
          bump(merged, `${k}:${name(k, from)}\u0000${k + 1}:${name(k + 1, to)}`, c);
        }
        for (const [key, count] of [...merged].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
          const [source, target] = key.split('\u0000');
          outLinks.push({ source, target, count });
        }
      });
      return { customers, nodes: outNodes, links: outLinks };
    },
  };
}

export function flows(journeys: Iterable<Journey>, opts: FlowsOptions): FlowsResult {
  const acc = createFlowsAccumulator(opts);
  for (const j of journeys) acc.add(j);
  return acc.result();
}
