import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import type { TrialRow } from '../store/results-db.ts';
import { categorizeCommand, type CommandCategory } from './interim-stats.ts';
import { diffStates, type StateDiffRow } from './state-diff.ts';

export interface CommandView extends CommandCategory {
  at: string | undefined;
  entryType: string;
  command: string;
  exitCode: number | null;
}

export interface OperatorLog {
  path: string;
  text: string | undefined;
  /** Bytes left out at the start of a log longer than the viewer shows. */
  skippedBytes: number;
  problem: string | undefined;
}

const LOG_TAIL_BYTES = 256 * 1024;

function parseJson(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function trialCommands(trial: TrialRow): { commands: CommandView[]; problem: string | undefined } {
  const parsed = parseJson(trial.commands_json);
  if (parsed === undefined) return { commands: [], problem: undefined };
  if (!Array.isArray(parsed)) return { commands: [], problem: `commands could not be read: ${JSON.stringify(parsed)}` };
  const commands = parsed.map((entry: Record<string, unknown>) => {
    const command = [entry.toolName, entry.toolParams].filter((p) => typeof p === 'string' && p !== '').join(' ');
    return {
      at: typeof entry.timestamp === 'number' ? new Date(entry.timestamp).toISOString() : undefined,
      entryType: String(entry.entryType ?? ''),
      command,
      exitCode: typeof entry.exitCode === 'number' ? entry.exitCode : null,
      ...categorizeCommand(command),
    };
  });
  return { commands, problem: undefined };
}

export function trialStateDiff(trial: TrialRow): StateDiffRow[] | undefined {
  if (!trial.state_before_json && !trial.state_after_json) return undefined;
  return diffStates(parseJson(trial.state_before_json) ?? null, parseJson(trial.state_after_json) ?? null);
}

export function trialJson(text: string | null): string | undefined {
  const parsed = parseJson(text);
  return parsed === undefined ? undefined : JSON.stringify(parsed, null, 2);
}

/** The end of the operator's log file, read without holding it open. */
export function readOperatorLog(path: string): OperatorLog {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return { path, text: buffer.toString('utf8'), skippedBytes: size - length, problem: undefined };
  } catch (error) {
    return { path, text: undefined, skippedBytes: 0, problem: `cannot read ${path}: ${(error as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
