import { defaultJobs, mayBeMany } from './workers';

/** The options that take a value (args.ts): the word after one is not a path. A unit test holds the two together. */
export const OPTIONS_WITH_VALUES: readonly string[] = ['--format', '--config', '--fail-on', '--links-deadline', '--jobs'];

/**
 * How many worker threads to start before the CLI has even loaded: as many as runCheck would
 * start, for a check with the default jobs and no link check, of a folder or of many files.
 * A cheap guess from the words alone (0 when unsure); runCheck decides, and stops threads it
 * does not use.
 */
export function earlyThreads(argv: readonly string[]): number {
  if (argv[0] !== 'check') return 0;
  const paths: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (name === '--jobs' || name === '--check-links' || name === '-h' || name === '--help') return 0;
    if (OPTIONS_WITH_VALUES.includes(name) && !arg.includes('=')) i++;
  }
  return mayBeMany(paths.length ? paths : ['.']) ? defaultJobs() - 1 : 0;
}
