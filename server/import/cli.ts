// `npm run import -- FILE --url URL --key sk_… …`: see USAGE in args.ts. The last line on stdout
// is always `imported N, duplicates D, rejected R`; retries, resumption and problems go to stderr.
import { BatchRefusedError, CollectorUnavailableError } from '../src/send-batch.js';
import { OptionError, parseArgs, USAGE } from './args.js';
import { checkpointFile } from './checkpoint.js';
import { ImportSetupError, runImport } from './run-import.js';

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const s = await runImport({ ...options, log: (line) => console.error(line) });
    if (s.rejectsFile) console.error(`${s.rejected} rejected rows, with their lines and reasons: ${s.rejectsFile}`);
    console.log(`imported ${s.imported}, duplicates ${s.duplicates}, rejected ${s.rejected}`);
    return 0;
  } catch (e) {
    if (e instanceof ImportSetupError) {
      console.error(e.message);
      return 2;
    }
    if (e instanceof BatchRefusedError || e instanceof CollectorUnavailableError) {
      console.error(`${e.message}\nstopped; run the same command again to resume (${checkpointFile(options.file)})`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main();
