import { analyzeCampaign, type CampaignAnalysis, type GroupAnalysis } from '../analysis/analyze.ts';
import { kaplanMeier, type SurvivalStep } from '../analysis/stats/survival.ts';
import { campaignTimeouts, resolveObservation } from '../analysis/times.ts';
import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import type { PhaseRecord } from '../trial/phases.ts';

export interface ResolveSeries {
  label: string;
  observations: Array<{ ms: number; censored: boolean; trialId: number }>;
  /** Kaplan-Meier curve of the share still unresolved, starting at 1 at the injection. */
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
  analysis: CampaignAnalysis;
  trials: TrialRow[];
  resolveSeries: ResolveSeries[];
  timeline: { origin: string | undefined; bars: TimelineBar[] };
}

export function campaignView(campaign: CampaignRow, trials: TrialRow[]): CampaignView {
  return {
    campaign,
    analysis: analyzeCampaign(campaign, trials),
    trials,
    resolveSeries: resolveSeries(campaign, trials),
    timeline: timeline(trials),
  };
}

/** The operator's trials of the whole campaign, as one group; undefined when it has none. */
export function agentOverall(analysis: CampaignAnalysis): GroupAnalysis | undefined {
  return analysis.overall.find((g) => g.arm === 'agent');
}

export function parsePhases(trial: TrialRow): PhaseRecord[] {
  if (!trial.phases_json) return [];
  const parsed: unknown = JSON.parse(trial.phases_json);
  return Array.isArray(parsed) ? (parsed as PhaseRecord[]) : [];
}

/** Time to resolve per subject and chaos type; unresolved trials are censored at the resolve timeout. */
function resolveSeries(campaign: CampaignRow, trials: readonly TrialRow[]): ResolveSeries[] {
  const timeouts = campaignTimeouts(campaign);
  const subjects = new Set(trials.map((t) => t.subject));
  const series = new Map<string, ResolveSeries['observations']>();
  for (const t of trials) {
    const observation = t.status === 'done' ? resolveObservation(t, timeouts) : undefined;
    if (!observation) continue;
    const label = subjects.size > 1 ? `${t.subject} · ${t.chaos_type}` : t.chaos_type;
    series.set(label, [...(series.get(label) ?? []), { ...observation, trialId: t.id }]);
  }
  return [...series.entries()].map(([label, observations]) => ({
    label,
    observations,
    survival: [{ ms: 0, surviving: 1 }, ...kaplanMeier(observations)],
  }));
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
