import { summarize, type CampaignSummary } from '../analysis/summary.ts';
import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import { isScored } from '../trial/outcome.ts';
import type { PhaseRecord } from '../trial/phases.ts';
import { kaplanMeier, wilsonInterval, type Interval, type Observation, type SurvivalStep } from './interim-stats.ts';

export interface MatrixCell {
  subject: string;
  chaosType: string;
  baseline: boolean;
  trials: number;
  scored: number;
  successes: number;
  winRate: number | undefined;
  interval: Interval | undefined;
}

export interface ResolveSeries {
  label: string;
  observations: Array<Observation & { trialId: number }>;
  survival: SurvivalStep[];
}

export interface TimelineBar {
  slot: number;
  trialId: number;
  ordinal: number;
  startMs: number;
  endMs: number;
  outcome: string;
}

export interface CampaignView {
  campaign: CampaignRow;
  summary: CampaignSummary;
  trials: TrialRow[];
  cells: MatrixCell[];
  resolveSeries: ResolveSeries[];
  timeline: { origin: string | undefined; bars: TimelineBar[] };
  infraErrors: TrialRow[];
}

export function campaignView(campaign: CampaignRow, trials: TrialRow[]): CampaignView {
  return {
    campaign,
    summary: summarize(trials),
    trials,
    cells: matrixCells(trials),
    resolveSeries: resolveSeries(trials),
    timeline: timeline(trials),
    infraErrors: trials.filter((t) => t.outcome === 'infra_error'),
  };
}

/** A trial wins when the operator resolved it (or, without one, the subject healed). */
export function isWin(outcome: string | null): boolean {
  return outcome === 'success' || outcome === 'self_healed';
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function matrixCells(trials: readonly TrialRow[]): MatrixCell[] {
  const groups = groupBy(trials, (t) => JSON.stringify([t.subject, t.chaos_type, t.baseline]));
  return [...groups.values()].map((group) => {
    const scored = group.filter((t) => t.status === 'done' && isScored(t.outcome));
    const successes = scored.filter((t) => isWin(t.outcome)).length;
    return {
      subject: group[0]!.subject,
      chaosType: group[0]!.chaos_type,
      baseline: group[0]!.baseline === 1,
      trials: group.length,
      scored: scored.length,
      successes,
      winRate: scored.length > 0 ? successes / scored.length : undefined,
      interval: wilsonInterval(successes, scored.length),
    };
  });
}

export function parsePhases(trial: TrialRow): PhaseRecord[] {
  if (!trial.phases_json) return [];
  const parsed: unknown = JSON.parse(trial.phases_json);
  return Array.isArray(parsed) ? (parsed as PhaseRecord[]) : [];
}

/**
 * Time from injection to resolution; a scored trial that was never resolved
 * is censored at the end of the window in which the harness watched for it.
 */
export function resolveObservation(trial: TrialRow): Observation | undefined {
  if (trial.status !== 'done' || !isScored(trial.outcome) || !trial.chaos_injected_at) return undefined;
  if (trial.time_to_resolve_ms != null) return { ms: trial.time_to_resolve_ms, censored: false };
  const injected = Date.parse(trial.chaos_injected_at);
  const watched = parsePhases(trial).filter((p) => p.phase === 'detect' || p.phase === 'resolve');
  const lastWatched = watched.at(-1);
  if (!lastWatched) return undefined;
  const ms = Math.max(0, Date.parse(lastWatched.endedAt) - injected);
  return { ms, censored: !isWin(trial.outcome) };
}

function resolveSeries(trials: readonly TrialRow[]): ResolveSeries[] {
  const groups = groupBy(trials, (t) => `${t.chaos_type}${t.baseline ? ' (baseline)' : ''}`);
  return [...groups.entries()].flatMap(([label, group]) => {
    const observations = group.flatMap((t) => {
      const o = resolveObservation(t);
      return o ? [{ ...o, trialId: t.id }] : [];
    });
    return observations.length > 0 ? [{ label, observations, survival: kaplanMeier(observations) }] : [];
  });
}

function timeline(trials: readonly TrialRow[]): CampaignView['timeline'] {
  const started = trials.filter((t) => t.started_at && t.slot !== null);
  if (started.length === 0) return { origin: undefined, bars: [] };
  const origin = Math.min(...started.map((t) => Date.parse(t.started_at!)));
  const now = Date.now();
  const bars = started.map((t) => ({
    slot: t.slot!,
    trialId: t.id,
    ordinal: t.ordinal,
    startMs: Date.parse(t.started_at!) - origin,
    endMs: (t.ended_at ? Date.parse(t.ended_at) : now) - origin,
    outcome: t.status === 'done' ? (t.outcome ?? 'unknown') : t.status,
  }));
  return { origin: new Date(origin).toISOString(), bars };
}
