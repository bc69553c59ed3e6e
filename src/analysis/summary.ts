import type { TrialRow } from '../store/results-db.ts';
import { isScored } from '../trial/outcome.ts';

export interface CampaignSummary {
  trials: number;
  finished: number;
  outcomes: Record<string, number>;
  scored: number;
  successes: number;
  winRate: number | undefined;
  medianDetectMs: number | undefined;
  medianResolveMs: number | undefined;
}

export function summarize(trials: readonly TrialRow[]): CampaignSummary {
  const finished = trials.filter((t) => t.status === 'done');
  const outcomes: Record<string, number> = {};
  for (const t of finished) outcomes[t.outcome ?? 'unknown'] = (outcomes[t.outcome ?? 'unknown'] ?? 0) + 1;
  const scored = finished.filter((t) => isScored(t.outcome));
  const successes = scored.filter((t) => t.outcome === 'success' || t.outcome === 'self_healed').length;
  return {
    trials: trials.length,
    finished: finished.length,
    outcomes,
    scored: scored.length,
    successes,
    winRate: scored.length > 0 ? successes / scored.length : undefined,
    medianDetectMs: median(scored.flatMap((t) => (t.time_to_detect_ms == null ? [] : [t.time_to_detect_ms]))),
    medianResolveMs: median(scored.flatMap((t) => (t.time_to_resolve_ms == null ? [] : [t.time_to_resolve_ms]))),
  };
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
