import { execa, type ResultPromise } from 'execa';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.ts';
import type { Redactor } from './secrets.ts';
import { operatorArgv, variantEnv, type Variant } from './variant.ts';

export interface OperatorExit {
  exitCode: number | undefined;
  signal: string | undefined;
  at: number;
}

export interface OperatorStart {
  variant: Variant;
  /** The protocol's variables: slot, project, endpoints, store path. */
  env: Record<string, string>;
  logFile: string;
  /** Written while the operator runs, so a later run can stop it if this harness dies. */
  pidFile: string;
  redactor: Redactor;
  logger: Logger;
}

const STOP_GRACE_MS = 5_000;
const PID_FILE = 'operator.pid';

export function operatorPidFile(dir: string): string {
  return join(dir, PID_FILE);
}

/** A running operator: its own process group, its output (secrets redacted) in a log file. */
export class OperatorProcess {
  private exited: OperatorExit | undefined;
  private readonly done: Promise<void>;

  private constructor(
    private readonly child: ResultPromise,
    private readonly pidFile: string,
    private readonly logger: Logger,
  ) {
    this.done = child.then(
      (r) => this.markExited(r.exitCode, r.signal),
      (e: { exitCode?: number; signal?: string }) => this.markExited(e.exitCode, e.signal),
    );
  }

  static async start(options: OperatorStart): Promise<OperatorProcess> {
    const { variant, logFile, redactor } = options;
    const { file, args } = operatorArgv(variant);
    const redact = function* (line: unknown) {
      yield redactor.redact(String(line));
    };
    const output = [redact, { file: logFile, append: true }] as const;
    const child = execa(file, args, {
      env: { ...variantEnv(variant), ...options.env },
      extendEnv: true,
      detached: true,
      stdin: 'ignore',
      stdout: output,
      stderr: output,
      buffer: false,
      reject: false,
      cleanup: true,
    });
    const operator = new OperatorProcess(child, options.pidFile, options.logger);
    if (child.pid !== undefined) await writeFile(options.pidFile, String(child.pid));
    options.logger.debug(`Started operator ${variant.name} (pid ${child.pid}): ${basename(file)} ${args.join(' ')}`);
    return operator;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Set once the process has ended, whoever ended it. */
  get exit(): OperatorExit | undefined {
    return this.exited;
  }

  /** SIGTERM to the whole process group, SIGKILL after a grace period. Safe to call twice. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    if (!this.exited) {
      signalGroup(this.pid, 'SIGTERM');
      signalGroup(this.pid, 'SIGCONT');
      const stopped = await Promise.race([this.done.then(() => true), sleep(graceMs).then(() => false)]);
      if (!stopped) {
        this.logger.warn(`Operator (pid ${this.pid}) ignored SIGTERM for ${graceMs} ms; sending SIGKILL`);
        signalGroup(this.pid, 'SIGKILL');
        await this.done;
      }
    }
    await this.done;
    // the group may outlive its leader (a child that ignored SIGTERM)
    signalGroup(this.pid, 'SIGKILL');
    await rm(this.pidFile, { force: true });
  }

  /** Freezes the whole group (SIGSTOP), e.g. while its slot resets between trials. */
  pause(): void {
    if (!this.exited) signalGroup(this.pid, 'SIGSTOP');
  }

  resume(): void {
    if (!this.exited) signalGroup(this.pid, 'SIGCONT');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private markExited(exitCode: number | undefined, signal: string | undefined): void {
    this.exited ??= { exitCode, signal, at: Date.now() };
  }
}

/**
 * Kills operators a dead harness left behind under runDir: each pid file whose
 * process still carries this campaign in its environment (so a reused pid is
 * never hit). Returns the pids killed.
 */
export async function killOrphanOperators(runDir: string, campaignId: string): Promise<number[]> {
  const entries = await readdir(runDir, { recursive: true }).catch(() => [] as string[]);
  const killed: number[] = [];
  for (const entry of entries.filter((e) => basename(e) === PID_FILE)) {
    const file = join(runDir, entry);
    const pid = Number(await readFile(file, 'utf8').catch(() => ''));
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (pid > 0 && environ.split('\0').includes(`GAUNTLET_CAMPAIGN=${campaignId}`)) {
      signalGroup(pid, 'SIGKILL');
      killed.push(pid);
    }
    await rm(file, { force: true });
  }
  return killed;
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
