import { formatReport } from '../core/format/index';
import { TOOL_VERSION } from '../core/report';
import { parseArgs, USAGE, UsageError } from './args';
import { runCheck } from './check';

/** The `claim-lens` command. Returns the exit code; never throws. */
export function main(argv: readonly string[], out = process.stdout, err = process.stderr): number {
  try {
    const command = parseArgs(argv);
    if (command.kind === 'help') {
      out.write(USAGE);
      return 0;
    }
    if (command.kind === 'version') {
      out.write(`${TOOL_VERSION}\n`);
      return 0;
    }
    const result = runCheck(command.options);
    for (const e of result.errors) err.write(`claim-lens: ${e}\n`);
    out.write(formatReport(result.report, command.options.format));
    return result.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`claim-lens: ${e.message}\n`);
      return 2;
    }
    err.write(`claim-lens: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  const code = main(process.argv.slice(2));
  // Let stdout drain before exiting, so piped JSON is never cut short.
  process.stdout.write('', () => process.exit(code));
}
