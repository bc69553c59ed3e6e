import { createLogger } from '../log/logger.ts';
import { operatorCommand } from './operator-command.ts';
import { reportError } from './report-error.ts';

/**
 * The entry point of `gauntlet operator` alone. The harness starts it once
 * per trial, so it loads only what the runbook operator needs.
 */
export async function main(): Promise<number> {
  try {
    return await operatorCommand(createLogger('runbook'));
  } catch (error) {
    return reportError(error);
  }
}
