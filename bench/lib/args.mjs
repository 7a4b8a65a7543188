// Command-line handling shared by bench/run.mjs and the workload scripts.
import { writeFile } from 'node:fs/promises';

/** Parses `--quick`, `--result <file>`, `--role <name>` and `--only a,b` from process.argv. */
export function parseArgs(argv = process.argv.slice(2)) {
  const options = { quick: false, result: undefined, role: undefined, only: undefined, rest: [] };

  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--result') options.result = argv[++i];
    else if (arg === '--role') options.role = argv[++i];
    else if (arg === '--only') options.only = argv[++i].split(',');
    else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length).split(',');
    else options.rest.push(arg);
  }
  return options;
}

/**
 * Runs a workload's main function and writes its result to the `--result` file (or stdout). A failure is
 * printed with its stack and ends the process with code 1, so the parent reports it.
 */
export async function runMain(main) {
  const options = parseArgs();
  try {
    const result = await main(options);
    if (options.result) await writeFile(options.result, JSON.stringify(result));
    else console.log(JSON.stringify(result, null, 2));
    process.exit(0);
  } catch (error) {
    console.error(error?.stack ?? error);
    process.exit(1);
  }
}
