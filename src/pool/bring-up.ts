import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../process/run.ts';
import type { HealthReport } from '../subjects/subject.ts';
import { checkFingerprint } from './fingerprint.ts';
import type { Slot } from './slot.ts';

export class SlotStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlotStartError';
  }
}

const HEALTH_POLL_MS = 100;
const CONTAINER_CHECK_EVERY = 10;

/**
 * Brings a slot's project up and waits, bounded, until the subject is healthy.
 * A container that exited (other than a one-shot service that exited 0) or
 * turned unhealthy fails the start with its name, state and log tail. On any
 * failure the project is taken down and the original error is thrown.
 */
export async function bringUp(slot: Slot, timeoutMs: number, logger: Logger, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  try {
    await slot.project.up();
    await waitHealthy(slot, timeoutMs, signal);
    // The first fresh start sets what a clean slot looks like.
    if (!slot.reference && slot.client.fingerprint) slot.reference = await slot.client.fingerprint(signal);
  } catch (error) {
    await slot.project.downAfterFailure();
    throw error;
  }
  logger.debug(`${slot.label} is healthy`);
}

/**
 * A slot's full reset: down with its volumes, up, healthy, and a state that
 * matches a freshly created cluster's. Nothing of an earlier trial survives.
 */
export async function freshStart(slot: Slot, timeoutMs: number, logger: Logger, signal?: AbortSignal): Promise<void> {
  await slot.project.down();
  await bringUp(slot, timeoutMs, logger, signal);
  const check = await checkFingerprint(slot, signal);
  if (!check.clean) throw new Error(`not clean after a fresh start: ${check.detail}`);
}

export type ResetMode = 'full' | 'recycle';

/** How long a recycled slot may take to be healthy before it gets a full reset instead. */
const RECYCLE_HEALTHY_MS = 30_000;

/**
 * A slot's reset between trials. A recycle, when asked for and the subject
 * can do it, keeps the project but must still end healthy and as clean as a
 * fresh cluster; whatever goes wrong with it, the slot gets a full reset.
 * Returns the kind of reset that made the slot clean.
 */
export async function resetSlot(slot: Slot, mode: ResetMode, timeoutMs: number, logger: Logger, signal?: AbortSignal): Promise<ResetMode> {
  if (mode === 'recycle' && slot.subject.recycle) {
    try {
      await slot.subject.recycle(slot.project);
      await waitHealthy(slot, Math.min(timeoutMs, RECYCLE_HEALTHY_MS), signal);
      const check = await checkFingerprint(slot, signal);
      if (check.clean) return 'recycle';
      logger.warn(`${slot.label} is not clean after a recycle (${check.detail}); resetting it fully`);
    } catch (error) {
      signal?.throwIfAborted();
      logger.warn(`Could not recycle ${slot.label} (${describeError(error)}); resetting it fully`);
    }
  }
  await freshStart(slot, timeoutMs, logger, signal);
  return 'full';
}

export async function waitHealthy(slot: Slot, timeoutMs: number, signal?: AbortSignal): Promise<HealthReport> {
  const deadline = Date.now() + timeoutMs;
  let last: HealthReport | undefined;
  for (let poll = 0; ; poll++) {
    signal?.throwIfAborted();
    last = await slot.client.health(signal);
    if (last.healthy) return last;
    if (poll % CONTAINER_CHECK_EVERY === CONTAINER_CHECK_EVERY - 1) await failOnBrokenContainers(slot);
    if (Date.now() >= deadline) {
      await failOnBrokenContainers(slot);
      throw new SlotStartError(
        `${slot.label} not healthy after ${Math.round(timeoutMs / 1000)} s: ${last.problems.join('; ')}`,
      );
    }
    await sleep(HEALTH_POLL_MS, undefined, { signal });
  }
}

async function failOnBrokenContainers(slot: Slot): Promise<void> {
  const containers = await slot.project.containers();
  const broken = containers.filter((c) => {
    if (c.state === 'exited' && c.exitCode === 0 && slot.subject.oneShotServices.includes(c.service)) return false;
    return ['exited', 'dead', 'restarting'].includes(c.state) || c.health === 'unhealthy';
  });
  if (broken.length === 0) return;
  const details = await Promise.all(
    broken.map(async (c) => {
      const state = c.state === 'running' ? c.health : `${c.state} (exit code ${c.exitCode})`;
      const tail = logExcerpt(await slot.project.logTail(c, 40)).map((l) => `    ${l}`).join('\n');
      return `  ${c.name}: ${state}\n${tail}`;
    }),
  );
  throw new SlotStartError(`${slot.label} failed to start:\n${details.join('\n')}`);
}

const EXCERPT_LINES = 8;

/**
 * The useful part of a failed container's log tail: from the first error,
 * panic or fatal line on (a Go panic's message sits above a long stack), or
 * else the last lines.
 */
export function logExcerpt(tail: string): string[] {
  const lines = tail.split('\n').filter((l) => l.trim());
  const first = lines.findIndex((l) => /\b(panic|fatal|error)\b/i.test(l));
  const start = first >= 0 ? first : Math.max(0, lines.length - EXCERPT_LINES);
  return lines.slice(start, start + EXCERPT_LINES);
}
