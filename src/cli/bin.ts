// The `claim-lens` command's first lines. A check of many notes wants worker threads, and a
// thread takes about 70 ms to start: started here, that overlaps loading and compiling the rest
// of the CLI (cliMain.js) on this thread, instead of following it.
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { earlyThreads } from './early';
import { Workers } from './workers';

const MAIN = join(__dirname, 'cliMain.js');

if (isMainThread) {
  const argv = process.argv.slice(2);
  const count = earlyThreads(argv);
  const early = count > 0 ? new Workers(count, MAIN) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require(MAIN) as typeof import('./main');
  void main(argv, process.stdout, process.stderr, early).then((code) => {
    // Let stdout drain before exiting, so piped JSON is never cut short.
    process.stdout.write('', () => process.exit(code));
  });
} else {
  // Started as a worker by a caller that named this file: the main module serves it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(MAIN);
}
