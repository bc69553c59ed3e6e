import type { Logger } from '../log/logger.ts';
import { seconds } from '../log/logger.ts';
import { describeError } from '../process/run.ts';
import { bringUp } from './bring-up.ts';
import type { Slot } from './slot.ts';

export class PoolExhaustedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolExhaustedError';
  }
}

export interface PoolOptions {
  healthyTimeoutMs: number;
  logger: Logger;
  /** Failed resets in a row after which a slot is quarantined. */
  quarantineAfter?: number;
}

export interface PoolStats {
  resets: number[];
  acquireWaitMs: number;
  acquires: number;
}

interface Waiter {
  resolve(slot: Slot): void;
  reject(error: unknown): void;
}

/**
 * The slots a campaign owns. acquire() hands out ready slots in FIFO order;
 * release() resets a slot in the background so the next acquire() usually
 * finds a ready cluster; shutdown() takes every project down.
 */
export class SubjectPool {
  readonly stats: PoolStats = { resets: [], acquireWaitMs: 0, acquires: 0 };
  private readonly waiters: Waiter[] = [];
  private readonly background = new Set<Promise<void>>();
  private shuttingDown: Promise<void> | undefined;
  private readonly logger: Logger;
  private readonly quarantineAfter: number;

  constructor(
    readonly slots: readonly Slot[],
    private readonly options: PoolOptions,
  ) {
    this.logger = options.logger;
    this.quarantineAfter = options.quarantineAfter ?? 2;
  }

  /** Brings every slot up in parallel; fails if none comes up. */
  async start(signal?: AbortSignal): Promise<void> {
    const started = Date.now();
    this.logger.info(`Starting ${this.slots.length} slot(s): ${this.slots.map((s) => s.plan.project).join(', ')}...`);
    await Promise.all(this.slots.map((slot) => this.prepare(slot, signal)));
    const ready = this.slots.filter((s) => s.state === 'ready').length;
    this.logger.info(`${ready} of ${this.slots.length} slot(s) ready in ${seconds(Date.now() - started)}`);
    this.failWaitersIfExhausted();
  }

  /** Waits for a ready slot (FIFO); rejects when the signal aborts or no slot is left. */
  async acquire(signal?: AbortSignal): Promise<Slot> {
    const started = Date.now();
    const account = (slot: Slot) => {
      this.stats.acquireWaitMs += Date.now() - started;
      this.stats.acquires++;
      slot.state = 'busy';
      return slot;
    };
    signal?.throwIfAborted();
    if (this.shuttingDown) throw new PoolExhaustedError('the pool is shutting down');
    const ready = this.waiters.length === 0 ? this.slots.find((s) => s.state === 'ready') : undefined;
    if (ready) return account(ready);
    this.throwIfExhausted();
    const dirty = this.slots.find((s) => s.state === 'dirty');
    if (dirty) this.track(this.reset(dirty));
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(account(slot));
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * Gives a slot back; it resets in the background and then serves the next
   * waiter. With `expectMore: false` (no trial left to run) it is left dirty
   * and only reset if an acquire() asks for it after all.
   */
  release(slot: Slot, options: { expectMore?: boolean } = {}): void {
    if (this.shuttingDown || slot.state !== 'busy') return;
    if (options.expectMore === false && this.waiters.length === 0) {
      slot.state = 'dirty';
      return;
    }
    this.track(this.reset(slot));
  }

  /** Takes every project down, in parallel. Safe to call more than once. */
  shutdown(options: { keep?: boolean } = {}): Promise<void> {
    this.shuttingDown ??= this.takeDown(options.keep ?? false);
    return this.shuttingDown;
  }

  readySlots(): number {
    return this.slots.filter((s) => s.state === 'ready').length;
  }

  private async takeDown(keep: boolean): Promise<void> {
    const exhausted = new PoolExhaustedError('the pool is shutting down');
    for (const waiter of this.waiters.splice(0)) waiter.reject(exhausted);
    await Promise.allSettled([...this.background]);
    if (keep) {
      this.logger.info(`Keeping ${this.slots.length} slot(s) running: ${this.slots.map((s) => s.plan.project).join(', ')}`);
      return;
    }
    const started = Date.now();
    this.logger.info(`Taking ${this.slots.length} slot(s) down...`);
    const results = await Promise.allSettled(
      this.slots.map(async (slot) => {
        await slot.project.down();
        slot.state = 'down';
      }),
    );
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${this.slots[i]!.label}: ${describeError(r.reason)}`] : []));
    for (const failure of failures) this.logger.error(`Could not take ${failure}`);
    this.logger.info(`Took ${this.slots.length - failures.length} slot(s) down in ${seconds(Date.now() - started)}`);
  }

  private async prepare(slot: Slot, signal?: AbortSignal): Promise<void> {
    slot.state = 'starting';
    try {
      await slot.project.down();
      await bringUp(slot, this.options.healthyTimeoutMs, this.logger, signal);
      this.becomeReady(slot);
    } catch (error) {
      slot.lastError = describeError(error);
      slot.state = 'quarantined';
      this.logger.error(`${slot.label} could not start; quarantined: ${slot.lastError}`);
    }
  }

  private async reset(slot: Slot): Promise<void> {
    slot.state = 'resetting';
    while (slot.state === 'resetting') {
      const started = Date.now();
      this.logger.info(`Resetting ${slot.label}...`);
      try {
        await slot.project.down();
        await bringUp(slot, this.options.healthyTimeoutMs, this.logger);
        const took = Date.now() - started;
        this.stats.resets.push(took);
        this.logger.info(`Reset ${slot.label} in ${seconds(took)}`);
        slot.consecutiveResetFailures = 0;
        this.becomeReady(slot);
      } catch (error) {
        slot.consecutiveResetFailures++;
        slot.lastError = describeError(error);
        this.logger.warn(`Reset of ${slot.label} failed (${slot.consecutiveResetFailures} in a row): ${slot.lastError}`);
        if (slot.consecutiveResetFailures >= this.quarantineAfter || this.shuttingDown) {
          slot.state = 'quarantined';
          this.logger.error(
            `Quarantined ${slot.label}; ${this.usableSlots()} slot(s) left`,
          );
          this.failWaitersIfExhausted();
        }
      }
    }
  }

  private becomeReady(slot: Slot): void {
    const waiter = this.shuttingDown ? undefined : this.waiters.shift();
    if (waiter) waiter.resolve(slot);
    else slot.state = 'ready';
  }

  private usableSlots(): number {
    return this.slots.filter((s) => s.state !== 'quarantined' && s.state !== 'down').length;
  }

  private throwIfExhausted(): void {
    if (this.usableSlots() === 0) {
      const reasons = this.slots.map((s) => `${s.label}: ${s.lastError ?? 'unknown error'}`).join('\n  ');
      throw new PoolExhaustedError(`no usable slot is left; every slot is quarantined:\n  ${reasons}`);
    }
  }

  private failWaitersIfExhausted(): void {
    try {
      this.throwIfExhausted();
    } catch (error) {
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    }
  }

  private track(task: Promise<void>): void {
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }
}
