import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { TOOL_VERSION } from '../core/report';
import { parseArgs, USAGE, UsageError } from './args';
import { runCheck } from './check';
import { serveWorker } from './parallel';
import { WORKER_ROLE, type Workers } from './workers';

/**
 * The `claim-lens` command. Returns the exit code; never throws. `early`: worker threads the
 * launcher (bin.ts) started before this module loaded; a check uses them or stops them.
 */
export async function main(argv: readonly string[], out = process.stdout, err = process.stderr, early?: Workers): Promise<number> {
  try {
    const command = parseArgs(argv);
    if (command.kind !== 'check') early?.stop();
    if (command.kind === 'help') {
      out.write(USAGE);
      return 0;
    }
    if (command.kind === 'version') {
      out.write(`${TOOL_VERSION}\n`);
      return 0;
    }
    // Threads a check returned without using (a missing --config) must not keep the process alive.
    const result = await runCheck(command.options, undefined, out === process.stdout, early).finally(() => early?.stop());
    for (const e of [...result.notices, ...result.errors]) err.write(`claim-lens: ${e}
`);
    for (const n of result.notes) err.write(`claim-lens: ${n}
`);
    for (const piece of result.output) out.write(piece);
    return result.exitCode;
  } catch (e) {
    early?.stop();
    if (e instanceof UsageError) {
      err.write(`claim-lens: ${e.message}\n`);
      return 2;
    }
    err.write(`claim-lens: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

if (!isMainThread && workerData?.role === WORKER_ROLE && parentPort) {
  serveWorker(parentPort);
} else if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    // Let stdout drain before exiting, so piped JSON is never cut short.
    process.stdout.write('', () => process.exit(code));
  });
}
