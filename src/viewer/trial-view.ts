import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import type { TrialRow } from '../store/results-db.ts';
import { classifyTrialCommands, type ClassifiedCommand } from '../analysis/commands.ts';
import { diffStates, type StateDiffRow } from './state-diff.ts';

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

/** The operator's commands, each with the category and rule `gauntlet analyze` gives it. */
export function trialCommandViews(trial: TrialRow): { commands: ClassifiedCommand[]; problem: string | undefined } {
  const parsed = parseJson(trial.commands_json);
  if (parsed !== undefined && !Array.isArray(parsed)) {
    return { commands: [], problem: `the operator's commands could not be read: ${JSON.stringify(parsed)}` };
  }
  return { commands: classifyTrialCommands(trial), problem: undefined };
}

export interface TicketView {
  id: unknown;
  status: string;
  summary: string;
  firstSeenAt: string | undefined;
  resolvedAt: string | undefined;
}

export function trialTickets(trial: TrialRow): TicketView[] | undefined {
  const parsed = parseJson(trial.tickets_json);
  if (!Array.isArray(parsed)) return undefined;
  const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : undefined);
  return parsed.map((t: Record<string, unknown>) => ({
    id: t.id,
    status: String(t.status ?? ''),
    summary: String(t.summary ?? ''),
    firstSeenAt: iso(t.firstSeenAt),
    resolvedAt: iso(t.resolvedAt),
  }));
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
