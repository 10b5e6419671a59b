import { FORMATS, isFormat, type Format } from '../core/format/index';
import type { Severity } from '../core/types';

export interface CheckOptions {
  paths: string[];
  format: Format;
  config?: string;
  failOn: Severity | 'never';
  /** Worker threads; 1 checks in this thread. Default: one per core. */
  jobs?: number;
  /** Check that cited http(s) links answer (opt-in: it uses the network). */
  checkLinks?: boolean;
  /** Let link checks request loopback, private, link-local and other non-public addresses. */
  allowInternalLinks?: boolean;
  /** The whole link check's time limit, in seconds (default 60). */
  linksDeadline?: number;
  /** Read snapshots outside the checked folders, absolute and UNC ones too (the user's opt-in; never a config's). */
  allowOutsideSnapshots?: boolean;
}

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'check'; options: CheckOptions };

export class UsageError extends Error {}

const FAIL_ON: ReadonlyArray<Severity | 'never'> = ['error', 'warning', 'information', 'hint', 'never'];

export const USAGE = `Usage: claim-lens check [PATH…] [options]

Checks Markdown notes (folders recursively: *.md, *.markdown) for claims marked as
opinion, paraphrase, unverified, prediction or context-only, and for their sources.

Options:
  --format ${FORMATS.join('|')}
                                      output format (default: text)
  --config FILE                       use this config instead of the nearest .claimlens.yaml
  --fail-on error|warning|information|hint|never
                                      exit 1 when a finding reaches this level (default: warning)
  --jobs N                            threads to check with (default: one per core; 1 = no threads)
  --check-links                       also check that cited http(s) links answer (uses the network)
  --allow-internal-links              let link checks request internal addresses too (loopback,
                                      private, link-local); by default they are not checked
  --links-deadline SECONDS            time limit for all link checks together (default: 60); links
                                      not answered by then are reported as not checked
  --allow-outside-snapshots           read registry snapshots outside the working folder and the
                                      folders given, absolute and UNC paths too (off by default:
                                      a config from a pull request must not read your files)
  -h, --help                          show this help
  -v, --version                       show the version

Exit codes: 0 nothing reached the failing level, 1 something did (a note that cannot be read is a
file.unreadable finding), 2 usage error or a path that cannot be found.
`;

/** Parses the command line; throws UsageError with a one-line message. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError('missing command; try `claim-lens check .` or `claim-lens --help`');
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help' };
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (command !== 'check') throw new UsageError(`unknown command '${command}'; the only command is 'check'`);
  const options: CheckOptions = { paths: [], format: 'text', failOn: 'warning' };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--') {
      options.paths.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`option ${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--format': {
        const v = value();
        if (!isFormat(v)) throw new UsageError(`unknown format '${v}'; use one of ${FORMATS.join(', ')}`);
        options.format = v as Format;
        break;
      }
      case '--config':
        options.config = value();
        break;
      case '--fail-on': {
        const v = value();
        if (!(FAIL_ON as readonly string[]).includes(v)) throw new UsageError(`unknown level '${v}' for --fail-on; use one of ${FAIL_ON.join(', ')}`);
        options.failOn = v as Severity | 'never';
        break;
      }
      case '--check-links':
        if (eq > 0) throw new UsageError('--check-links takes no value');
        options.checkLinks = true;
        break;
      case '--allow-internal-links':
        if (eq > 0) throw new UsageError('--allow-internal-links takes no value');
        options.allowInternalLinks = true;
        break;
      case '--links-deadline': {
        const v = value();
        if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0 || Number(v) > 86_400) throw new UsageError(`--links-deadline needs a number of seconds above 0 and at most 86400, not '${v}'`);
        options.linksDeadline = Number(v);
        break;
      }
      case '--allow-outside-snapshots':
        if (eq > 0) throw new UsageError('--allow-outside-snapshots takes no value');
        options.allowOutsideSnapshots = true;
        break;
      case '--jobs': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64) throw new UsageError(`--jobs needs a whole number from 1 to 64, not '${v}'`);
        options.jobs = Number(v);
        break;
      }
      default:
        throw new UsageError(`unknown option '${name}'`);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return { kind: 'check', options };
}
