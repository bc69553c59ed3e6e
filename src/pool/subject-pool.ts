import { setMaxListeners } from 'node:events';
import type { Logger } from '../log/logger.ts';
import { seconds } from '../log/logger.ts';
import { describeError } from '../process/run.ts';
import { resetSlot, type ResetMode } from './bring-up.ts';
import { checkFingerprint } from './fingerprint.ts';
import type { Slot } from './slot.ts';
import { ExitError } from '../exit-error.ts';

/** Every slot is quarantined: the campaign cannot go on. */
export class PoolExhaustedError extends ExitError {
  constructor(message: string) {
    super(message, 4);
    this.name = 'PoolExhaustedError';
  }
}

/** The pool stopped handing out slots (interrupt or shutdown). */
export class PoolStoppedError extends Error {
  constructor(message = 'the pool is stopping') {
    super(message);
    this.name = 'PoolStoppedError';
  }
}

export interface PoolOptions {
  healthyTimeoutMs: number;
  logger: Logger;
  /** Failed starts or resets in a row after which a slot is quarantined. */
  quarantineAfter?: number;
  /** Aborted when the campaign stops: no slot is handed out or reset any more. */
  signal?: AbortSignal;
  /** How a slot is reset between trials (a start is always full). */
  resetMode?: ResetMode;
}

export interface PoolStats {
  /** How long each successful reset after a trial took, in ms. */
  resets: number[];
  /** How many of those were recycles (the rest were full resets). */
  recycles: number;
  resetFailures: number;
  acquireWaitMs: number;
  acquires: number;
  quarantined: string[];
  /** Projects shutdown() took down, and those it left running (--keep). */
  takenDown: string[];
  kept: string[];
}

interface Waiter {
  resolve(slot: Slot): void;
  reject(error: unknown): void;
}

/**
 * Slots to start for `parallel` trials at once, plus warm spares when more
 * trials than that will run, so a trial that ends takes a ready cluster
 * while its own slot resets.
 */
export function poolSize(parallel: number, trials: number, spares: number): number {
  return Math.min(trials, trials > parallel ? parallel + spares : parallel);
}

/**
 * The slots a campaign owns. acquire() hands out ready slots in FIFO order;
 * release() resets a slot in the background so the next acquire() usually
 * finds a ready cluster; shutdown() takes every project down.
 */
export class SubjectPool {
  readonly stats: PoolStats = { resets: [], recycles: 0, resetFailures: 0, acquireWaitMs: 0, acquires: 0, quarantined: [], takenDown: [], kept: [] };
  private readonly waiters: Waiter[] = [];
  private readonly background = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private shuttingDown: Promise<void> | undefined;
  private readonly logger: Logger;
  private readonly quarantineAfter: number;
  private readonly linked: AbortSignal[] = [];
  private readonly onExternalStop = () => this.stop(new PoolStoppedError('the campaign is stopping'));

  constructor(
    readonly slots: readonly Slot[],
    private readonly options: PoolOptions,
  ) {
    this.logger = options.logger;
    this.quarantineAfter = options.quarantineAfter ?? 2;
    // every slot's reset listens on it at once, a few requests per member each
    setMaxListeners(0, this.stopping.signal);
    if (options.signal) this.link(options.signal);
  }

  /**
   * Brings every slot up in parallel, each retried like a reset; a slot that
   * cannot start is quarantined. `signal` stops the whole pool when it aborts,
   * like `PoolOptions.signal`.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (signal) this.link(signal);
    const started = Date.now();
    this.logger.info(`Starting ${this.slots.length} slot(s): ${this.slots.map((s) => s.plan.project).join(', ')}...`);
    await Promise.all(this.slots.map((slot) => this.reset(slot, 'start')));
    const ready = this.readySlots();
    this.logger.info(`${ready} of ${this.slots.length} slot(s) ready in ${seconds(Date.now() - started)}`);
  }

  /** Waits for a ready slot (FIFO); rejects when the signal aborts, the pool stops or no slot is left. */
  async acquire(signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      const slot = await this.acquireReady(signal);
      const check = await checkFingerprint(slot, signal).catch((error: unknown) => ({
        clean: false,
        detail: `fingerprint failed: ${describeError(error)}`,
      }));
      if (check.clean) return slot;
      this.logger.warn(`${slot.label} is not clean (${check.detail}); resetting it again`);
      this.track(this.reset(slot, 'reset'));
    }
  }

  private async acquireReady(signal?: AbortSignal): Promise<Slot> {
    const started = Date.now();
    const account = (slot: Slot) => {
      this.stats.acquireWaitMs += Date.now() - started;
      this.stats.acquires++;
      slot.state = 'busy';
      return slot;
    };
    signal?.throwIfAborted();
    if (this.stopping.signal.aborted) throw this.stopping.signal.reason;
    const ready = this.waiters.length === 0 ? this.slots.find((s) => s.state === 'ready') : undefined;
    if (ready) return account(ready);
    this.throwIfExhausted();
    const dirty = this.slots.find((s) => s.state === 'dirty');
    if (dirty) this.track(this.reset(dirty, 'reset'));
    return new Promise<Slot>((resolve, reject) => {
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const waiter: Waiter = {
        resolve: (slot) => (settle(), resolve(account(slot))),
        reject: (error) => (settle(), reject(error)),
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
   * Gives a slot back; it resets in the background right away and then serves
   * the next waiter. With `expectMore: false` (no trial left to run) it is left
   * dirty and only reset if an acquire() asks for it after all.
   */
  release(slot: Slot, options: { expectMore?: boolean } = {}): void {
    if (slot.state !== 'busy') return;
    if (this.stopping.signal.aborted || (options.expectMore === false && this.waiters.length === 0)) {
      slot.state = 'dirty';
      return;
    }
    this.track(this.reset(slot, 'reset'));
  }

  /**
   * Stops handing out slots, lets running resets stop at their next wait, then
   * takes every project down in parallel. Safe to call more than once.
   */
  shutdown(options: { keep?: boolean } = {}): Promise<void> {
    this.shuttingDown ??= this.takeDown(options.keep ?? false);
    return this.shuttingDown;
  }

  readySlots(): number {
    return this.slots.filter((s) => s.state === 'ready').length;
  }

  private link(signal: AbortSignal): void {
    if (signal.aborted) return this.onExternalStop();
    signal.addEventListener('abort', this.onExternalStop, { once: true });
    this.linked.push(signal);
  }

  private stop(reason: Error): void {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort(reason);
    for (const waiter of this.waiters.splice(0)) waiter.reject(reason);
  }

  private async takeDown(keep: boolean): Promise<void> {
    for (const signal of this.linked.splice(0)) signal.removeEventListener('abort', this.onExternalStop);
    this.stop(new PoolStoppedError('the pool is shutting down'));
    await Promise.allSettled([...this.background]);
    const names = this.slots.map((s) => s.plan.project);
    if (keep) {
      this.stats.kept.push(...names);
      this.logger.info(`Keeping ${names.length} slot(s) running: ${names.join(', ')}`);
      return;
    }
    const started = Date.now();
    this.logger.info(`Taking ${names.length} slot(s) down...`);
    const results = await Promise.allSettled(this.slots.map((slot) => slot.project.down()));
    results.forEach((result, i) => {
      const slot = this.slots[i]!;
      if (result.status === 'fulfilled') {
        slot.state = 'down';
        this.stats.takenDown.push(slot.plan.project);
      } else {
        this.logger.error(`Could not take ${slot.label} down: ${describeError(result.reason)}`);
      }
    });
    this.logger.info(`Took ${this.stats.takenDown.length} of ${names.length} slot(s) down in ${seconds(Date.now() - started)}`);
  }

  /** A full down and up, retried until it works or the slot is quarantined. */
  private async reset(slot: Slot, kind: 'start' | 'reset'): Promise<void> {
    slot.state = kind === 'start' ? 'starting' : 'resetting';
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const started = Date.now();
      this.logger.info(`${kind === 'start' ? 'Starting' : 'Resetting'} ${slot.label}...`);
      try {
        const mode = kind === 'start' ? 'full' : (this.options.resetMode ?? 'full');
        const done = await resetSlot(slot, mode, this.options.healthyTimeoutMs, this.logger, signal);
        const took = Date.now() - started;
        if (kind === 'reset') this.stats.resets.push(took);
        if (kind === 'reset' && done === 'recycle') this.stats.recycles++;
        this.logger.info(`${kind === 'start' ? 'Started' : done === 'recycle' ? 'Recycled' : 'Reset'} ${slot.label} in ${seconds(took)}`);
        slot.consecutiveResetFailures = 0;
        this.becomeReady(slot);
        return;
      } catch (error) {
        if (signal.aborted) {
          this.logger.info(`Stopped ${kind === 'start' ? 'starting' : 'resetting'} ${slot.label}: the pool is stopping`);
        } else if (this.failed(slot, kind, error)) {
          return;
        }
      }
    }
    // Half up or not reset: shutdown() takes it down, and nothing hands it out.
    slot.state = 'dirty';
  }

  /** Records a failed start or reset; true when the slot is now quarantined. */
  private failed(slot: Slot, kind: 'start' | 'reset', error: unknown): boolean {
    slot.consecutiveResetFailures++;
    slot.lastError = describeError(error);
    if (kind === 'reset') this.stats.resetFailures++;
    this.logger.warn(`${kind === 'start' ? 'Start' : 'Reset'} of ${slot.label} failed (${slot.consecutiveResetFailures} in a row): ${slot.lastError}`);
    if (slot.consecutiveResetFailures < this.quarantineAfter) return false;
    slot.state = 'quarantined';
    this.stats.quarantined.push(slot.plan.project);
    const left = this.usableSlots();
    this.logger.error(
      left > 0
        ? `Quarantined ${slot.label} after ${slot.consecutiveResetFailures} failures in a row; the campaign goes on with ${left} slot(s)`
        : `Quarantined ${slot.label} after ${slot.consecutiveResetFailures} failures in a row; no usable slot is left`,
    );
    this.failWaitersIfExhausted();
    return true;
  }

  private becomeReady(slot: Slot): void {
    const waiter = this.stopping.signal.aborted ? undefined : this.waiters.shift();
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
