import { setTimeout as sleep } from 'node:timers/promises';
import { seconds, type Logger } from '../log/logger.ts';
import type { Slot } from '../pool/slot.ts';
import type { SubjectPool } from '../pool/subject-pool.ts';
import { describeError } from '../process/run.ts';
import type { ResultsDb, TrialResult, TrialRow } from '../store/results-db.ts';
import { runTrial, type TrialEnvironment, type TrialReport } from '../trial/run-trial.ts';
import type { ProgressListener } from './progress.ts';

export interface WorkerContext {
  db: ResultsDb;
  trialEnv: Omit<TrialEnvironment, 'onPhase'>;
  pool: SubjectPool;
  /** Trials at once: one worker each. */
  parallel: number;
  infraRetries: number;
  cooldownMs: number;
  progress: ProgressListener;
  logger: Logger;
  signal: AbortSignal;
  hurry?: AbortSignal;
}

/**
 * `parallel` workers take trials in order, each on a slot acquired from the
 * pool. The cooldown holds the slot, so it applies per slot. Infrastructure
 * errors go back to the end of the queue until the retry limit; interrupted
 * trials go back to pending for a resume.
 */
export async function runTrials(ctx: WorkerContext, trials: TrialRow[]): Promise<void> {
  const queue = [...trials];
  const worker = async () => {
    for (let trial = queue.shift(); trial && !ctx.signal.aborted; trial = queue.shift()) {
      let slot: Slot;
      try {
        slot = await ctx.pool.acquire(ctx.signal);
      } catch (error) {
        queue.unshift(trial);
        if (ctx.signal.aborted) return;
        throw error;
      }
      const retry = await runOne(ctx, trial, slot);
      if (retry) queue.push(retry);
      if (ctx.cooldownMs > 0 && queue.length > 0 && !ctx.signal.aborted) {
        ctx.progress.phase(slot.number, 'cooldown');
        await sleep(ctx.cooldownMs, undefined, { signal: ctx.signal }).catch(() => {});
      }
      ctx.progress.slotIdle(slot.number);
      ctx.pool.release(slot, { expectMore: queue.length > 0 });
    }
  };
  const workers = Promise.all(Array.from({ length: ctx.parallel }, worker));
  if (!ctx.hurry) return void (await workers);
  const hurry = ctx.hurry;
  const hurried = new Promise<void>((done) => hurry.addEventListener('abort', () => done(), { once: true }));
  await Promise.race([workers, hurried]);
}

/** Runs and records one attempt; returns the trial when it is to be retried. */
async function runOne(ctx: WorkerContext, trial: TrialRow, slot: Slot): Promise<TrialRow | undefined> {
  const { db, logger } = ctx;
  db.markTrialRunning(trial.id, slot.number, slot.project.name);
  ctx.progress.trialStarted(slot.number, trial);
  const attempt = trial.attempts + 1;
  const { outcome, result } = await runTrial(
    { ...ctx.trialEnv, onPhase: (phase) => ctx.progress.phase(slot.number, phase) },
    trial,
    slot,
  ).catch(
    (error: unknown): TrialReport => ({
      outcome: 'infra_error',
      result: { outcome: 'infra_error', error: `harness error: ${describeError(error)}` },
    }),
  );
  if (outcome === 'interrupted') {
    // an interrupted attempt says nothing about the infrastructure: it does not count
    db.finishTrial(trial.id, { ...result, attempts: trial.attempts }, 'pending');
    return undefined;
  }
  if (outcome === 'infra_error' && attempt <= ctx.infraRetries) {
    logger.warn(`Trial ${trial.ordinal} hit an infrastructure error (attempt ${attempt}); retrying: ${result.error}`);
    db.finishTrial(trial.id, { ...result, outcome: null }, 'pending');
    ctx.progress.trialFinished(slot.number, trial, outcome, true);
    return { ...trial, attempts: attempt };
  }
  db.finishTrial(trial.id, result);
  ctx.progress.trialFinished(slot.number, trial, outcome, false);
  const kind = `${trial.chaos_type}${trial.baseline ? ', baseline' : ''}`;
  const notes = result.notes ? `; ${result.notes}` : '';
  logger.info(`Trial ${trial.ordinal} (${kind}) on slot ${slot.number}: ${outcome}${timing(result)}${notes}`);
  return undefined;
}

function timing(result: TrialResult): string {
  const parts = [];
  if (result.time_to_detect_ms != null) parts.push(`detect ${seconds(result.time_to_detect_ms)}`);
  if (result.time_to_resolve_ms != null) parts.push(`resolve ${seconds(result.time_to_resolve_ms)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
