import { execa, ExecaError } from 'execa';
import type { Logger } from '../log/logger.ts';

export interface RunOptions {
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  input?: string;
  cwd?: string;
  logger?: Logger;
  /** Exit codes that count as success besides 0. */
  okExitCodes?: number[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const KILL_GRACE_MS = 3_000;

/**
 * Runs one external command from an argv array (never a shell string), with
 * a timeout that sends SIGTERM and then SIGKILL. A failure throws execa's
 * error, which keeps the command, exit code, signal, stderr and cause.
 */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  options.logger?.debug(`$ ${file} ${args.join(' ')}`);
  const result = await execa(file, args, {
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    forceKillAfterDelay: KILL_GRACE_MS,
    env: options.env,
    extendEnv: true,
    cancelSignal: options.signal,
    input: options.input,
    cwd: options.cwd,
    stdin: options.input === undefined ? 'ignore' : 'pipe',
    // Its own process group: a terminal's Ctrl-C reaches only Gauntlet, which
    // still needs its `compose down` calls to finish while it stops.
    detached: true,
    reject: false,
    stripFinalNewline: true,
  });
  const allowed = result.exitCode !== undefined && options.okExitCodes?.includes(result.exitCode);
  if (result.failed && !allowed) throw result;
  options.logger?.trace(`${file} exited ${result.exitCode} in ${Date.now() - started} ms`);
  return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? -1 };
}

/** The most useful one-line description of a failed command. */
export function describeError(error: unknown): string {
  if (error instanceof ExecaError) {
    const stderr = String(error.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    return stderr ? `${error.shortMessage}: ${stderr}` : error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
