import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import { bootstrapInterval, type BootstrapInterval } from './stats/bootstrap.ts';
import { survivalQuantile, type TimeObservation } from './stats/survival.ts';

export interface Timeouts {
  detectMs: number;
  resolveMs: number;
}

/** The campaign schema's defaults, for campaigns stored without them. */
const DEFAULT_TIMEOUTS = { detect_seconds: 60, resolve_seconds: 120 };

export function campaignTimeouts(campaign: Pick<CampaignRow, 'config_json'>): Timeouts {
  const config = JSON.parse(campaign.config_json) as { timeouts?: Partial<typeof DEFAULT_TIMEOUTS> };
  const t = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  return { detectMs: t.detect_seconds * 1000, resolveMs: t.resolve_seconds * 1000 };
}

type TimedTrial = Pick<TrialRow, 'outcome' | 'baseline' | 'time_to_detect_ms' | 'time_to_resolve_ms'>;

/** Agent trials only: baselines have no operator to detect anything. */
export function detectObservation(trial: TimedTrial, timeouts: Timeouts): TimeObservation | undefined {
  if (trial.baseline || trial.outcome === 'infra_error' || trial.outcome == null) return undefined;
  if (trial.time_to_detect_ms != null) return { ms: trial.time_to_detect_ms, censored: false };
  return { ms: timeouts.detectMs, censored: true };
}

/**
 * Only a resolution that held (a success) ends the wait: a ticket resolved on
 * an unhealthy cluster, like no resolution, is censored at the timeout.
 */
export function resolveObservation(trial: TimedTrial, timeouts: Timeouts): TimeObservation | undefined {
  if (trial.baseline || trial.outcome === 'infra_error' || trial.outcome == null) return undefined;
  if (trial.outcome === 'success' && trial.time_to_resolve_ms != null) return { ms: trial.time_to_resolve_ms, censored: false };
  return { ms: timeouts.resolveMs, censored: true };
}

export interface TimeSummary {
  observed: number;
  censored: number;
  /** The timeout the censored trials were cut at (the largest, if they differ). */
  censoredAtMs: number | undefined;
  /** Kaplan-Meier median; undefined when not reached (more than half censored). */
  medianMs: number | undefined;
  p90Ms: number | undefined;
  medianInterval: BootstrapInterval | undefined;
}

export function summarizeTimes(observations: readonly TimeObservation[], seed?: number): TimeSummary {
  const censored = observations.filter((o) => o.censored);
  return {
    observed: observations.length - censored.length,
    censored: censored.length,
    censoredAtMs: censored.length > 0 ? Math.max(...censored.map((o) => o.ms)) : undefined,
    medianMs: survivalQuantile(observations, 0.5),
    p90Ms: survivalQuantile(observations, 0.9),
    medianInterval: bootstrapInterval(observations, (s) => survivalQuantile(s, 0.5), { seed }),
  };
}
