import type { TrialRow } from '../store/results-db.ts';
import { isScored } from '../trial/outcome.ts';
import { survivalQuantile, type TimeObservation } from './stats/survival.ts';
import { detectObservation, resolveObservation } from './times.ts';

export interface CampaignSummary {
  trials: number;
  finished: number;
  outcomes: Record<string, number>;
  scored: number;
  successes: number;
  winRate: number | undefined;
  /** Kaplan-Meier medians: trials that never got there count as censored, not dropped; undefined when not reached. */
  medianDetectMs: number | undefined;
  medianResolveMs: number | undefined;
  /** Scored agent trials that never detected / never resolved with a healthy cluster. */
  censoredDetect: number;
  censoredResolve: number;
}

/** Censoring time for the quick summary: any value above every observed time gives the same medians. */
const UNBOUNDED = { detectMs: Number.MAX_SAFE_INTEGER, resolveMs: Number.MAX_SAFE_INTEGER };

export function summarize(trials: readonly TrialRow[]): CampaignSummary {
  const finished = trials.filter((t) => t.status === 'done');
  const outcomes: Record<string, number> = {};
  for (const t of finished) outcomes[t.outcome ?? 'unknown'] = (outcomes[t.outcome ?? 'unknown'] ?? 0) + 1;
  const scored = finished.filter((t) => isScored(t.outcome));
  const successes = scored.filter((t) => t.outcome === 'success' || t.outcome === 'self_healed').length;
  const detect = scored.flatMap((t) => detectObservation(t, UNBOUNDED) ?? []);
  const resolve = scored.flatMap((t) => resolveObservation(t, UNBOUNDED) ?? []);
  return {
    trials: trials.length,
    finished: finished.length,
    outcomes,
    scored: scored.length,
    successes,
    winRate: scored.length > 0 ? successes / scored.length : undefined,
    medianDetectMs: survivalQuantile(detect, 0.5),
    medianResolveMs: survivalQuantile(resolve, 0.5),
    censoredDetect: countCensored(detect),
    censoredResolve: countCensored(resolve),
  };
}

function countCensored(observations: readonly TimeObservation[]): number {
  return observations.filter((o) => o.censored).length;
}

/** The ordinary median of fully observed values. */
export function median(values: readonly number[]): number | undefined {
  return survivalQuantile(values.map((ms) => ({ ms, censored: false })), 0.5);
}
