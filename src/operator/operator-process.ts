import { execa, type ResultPromise } from 'execa';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.ts';
import { operatorArgv, type Variant } from './variant.ts';

export interface OperatorExit {
  exitCode: number | undefined;
  signal: string | undefined;
  at: number;
}

const STOP_GRACE_MS = 5_000;

/** A running operator: its own process group, its output in a log file. */
export class OperatorProcess {
  private exited: OperatorExit | undefined;
  private readonly done: Promise<void>;

  private constructor(
    private readonly child: ResultPromise,
    private readonly logger: Logger,
  ) {
    this.done = child.then(
      (r) => this.markExited(r.exitCode, r.signal),
      (e: { exitCode?: number; signal?: string }) => this.markExited(e.exitCode, e.signal),
    );
  }

  static start(variant: Variant, env: Record<string, string>, logFile: string, logger: Logger): OperatorProcess {
    const { file, args } = operatorArgv(variant);
    const child = execa(file, args, {
      env: { ...variant.env, ...env },
      extendEnv: true,
      detached: true,
      stdin: 'ignore',
      stdout: { file: logFile, append: true },
      stderr: { file: logFile, append: true },
      reject: false,
      cleanup: true,
    });
    logger.debug(`Started operator ${variant.name} (pid ${child.pid}): ${file} ${args.join(' ')}`);
    return new OperatorProcess(child, logger);
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
      this.signalGroup('SIGTERM');
      const stopped = await Promise.race([this.done.then(() => true), sleep(graceMs).then(() => false)]);
      if (!stopped) {
        this.logger.warn(`Operator (pid ${this.pid}) ignored SIGTERM for ${graceMs} ms; sending SIGKILL`);
        this.signalGroup('SIGKILL');
        await this.done;
      }
    }
    await this.done;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.pid === undefined) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is already gone
    }
  }

  private markExited(exitCode: number | undefined, signal: string | undefined): void {
    this.exited ??= { exitCode, signal, at: Date.now() };
  }
}
