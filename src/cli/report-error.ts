import { InputError } from '../campaign/input-error.ts';
import { ExitError } from '../exit-error.ts';

/** Prints an error the way the CLI reports it and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof InputError) {
    const count = `${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}`;
    process.stderr.write(`error: invalid input (${count}):\n${error.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
    return error.exitCode;
  }
  if (error instanceof ExitError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(
    `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` +
      'This is a bug in Gauntlet; please report it with the command you ran and this output.\n',
  );
  return 70;
}
