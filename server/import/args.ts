// The command line of `npm run import`, checked before anything is read or sent.
import { existsSync } from 'node:fs';
import { defaultSource, type ImportOptions } from './run-import.js';

export const USAGE = `usage: npm run import -- FILE --url URL --key sk_… [--format csv|ndjson] [--map field=column …] [--set field=value …] [--source NAME] [--site ID]
  FILE            a CSV file with a header line, or NDJSON (one JSON object per line)
  --url URL       the collector's base URL (http://127.0.0.1:8787)
  --key sk_…      one of the site's server keys (also WAYMARK_SERVER_KEY)
  --format        csv or ndjson; by default from the file's extension
  --map f=column  where an event field comes from: id (the row's own key), type, name, userId,
                  anonymousId, previousId, sessionId, channel, timestamp, properties.NAME, traits.NAME;
                  a field not mapped comes from the column of its own name; other columns become properties
  --set f=value   the same value for every row (--set name=order_completed --set channel=store)
  --source NAME   the system the rows come from, part of each event id (default: the file's name)
  --site ID       the site's id, part of each event id (default: derived from the server key)
  --concurrency N batches in flight at once (default 4)`;

/** A mistake on the command line; the message says what to fix. */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

export function parseArgs(argv: string[], env: Record<string, string | undefined> = process.env): ImportOptions {
  const files: string[] = [];
  const flags: Record<string, string> = {};
  const mapping: ImportOptions['mapping'] = { columns: {}, constants: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      files.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new OptionError(`--${name} needs a value`);
    if (name === 'map' || name === 'set') {
      const eq = value.indexOf('=');
      if (eq <= 0) throw new OptionError(`--${name} ${value}: write it as field=${name === 'map' ? 'column' : 'value'}`);
      (name === 'map' ? mapping.columns : mapping.constants)[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (['url', 'key', 'format', 'source', 'site', 'concurrency'].includes(name)) {
      flags[name] = value;
    } else {
      throw new OptionError(`unknown option --${name}`);
    }
  }
  if (files.length !== 1) throw new OptionError(files.length ? `one file at a time, got ${files.join(', ')}` : 'which file? name it first');
  const file = files[0];
  if (!existsSync(file)) throw new OptionError(`${file}: no such file`);
  const url = flags.url;
  if (!url || !/^https?:\/\//.test(url)) throw new OptionError('--url: the collector\'s base URL, like http://127.0.0.1:8787');
  const serverKey = flags.key ?? env.WAYMARK_SERVER_KEY;
  if (!serverKey) throw new OptionError('--key: one of the site\'s server keys (sk_…); with no configuration, the one `npm start` printed (data/waymark.keys.json)');
  if (!serverKey.startsWith('sk_')) throw new OptionError('--key: a server key starts with "sk_" (a write key cannot import: the file\'s touchpoints are off-site ones)');
  const format = flags.format ?? (/\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : /\.csv$/i.test(file) ? 'csv' : undefined);
  if (format !== 'csv' && format !== 'ndjson') throw new OptionError(`--format: csv or ndjson${flags.format ? `, got "${flags.format}"` : ` (the file's extension does not say)`}`);
  const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 32)) throw new OptionError('--concurrency: a whole number from 1 to 32');
  return { file, url, serverKey, format, mapping, source: flags.source ?? defaultSource(file), site: flags.site ?? null, concurrency };
}
