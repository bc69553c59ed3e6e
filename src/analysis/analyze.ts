import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import { isScored } from '../trial/outcome.ts';
import { commandTotals, type CommandTotals } from './commands.ts';
import { wilsonInterval, type Proportion } from './stats/proportion.ts';
import type { TimeObservation } from './stats/survival.ts';
import { campaignTimeouts, detectObservation, resolveObservation, summarizeTimes, type TimeSummary, type Timeouts } from './times.ts';

export type Arm = 'agent' | 'baseline';

export interface GroupKey {
  subject: string;
  chaosType: string;
  arm: Arm;
}

export interface InfraErrorTrial {
  trialId: number;
  ordinal: number;
  error: string | null;
}

export interface GroupAnalysis extends GroupKey {
  trials: number;
  pending: number;
  outcomes: Record<string, number>;
  /** Successes (self_healed for baselines) over scored trials, with a 95% Wilson interval. */
  winRate: Proportion;
  detect: TimeSummary | undefined;
  resolve: TimeSummary | undefined;
  commands: CommandTotals;
  /** Excluded from rates and times; listed so they are never silently lost. */
  infraErrors: InfraErrorTrial[];
  /** The client workload over the trials that ran one; undefined when none did. */
  workload: WorkloadTotals | undefined;
}

export interface WorkloadTotals {
  trials: number;
  acknowledged: number;
  lost: number;
  trialsWithLoss: number;
  longestOutageMs: number;
}

/** Sums the workload figures of the trials whose acknowledged writes were checked. */
export function workloadTotals(trials: readonly TrialRow[]): WorkloadTotals | undefined {
  const reports = trials.flatMap((t) => {
    const parsed = t.workload_json ? (JSON.parse(t.workload_json) as { report?: Record<string, number> }) : undefined;
    return parsed?.report ? [parsed.report] : [];
  });
  if (reports.length === 0) return undefined;
  return {
    trials: reports.length,
    acknowledged: reports.reduce((sum, r) => sum + (r.writesAcknowledged ?? 0), 0),
    lost: reports.reduce((sum, r) => sum + (r.writesLost ?? 0), 0),
    trialsWithLoss: reports.filter((r) => (r.writesLost ?? 0) > 0).length,
    longestOutageMs: Math.max(...reports.map((r) => r.longestOutageMs ?? 0)),
  };
}

export interface CampaignAnalysis {
  campaign: Pick<CampaignRow, 'id' | 'name' | 'variant' | 'seed' | 'status' | 'created_at'>;
  timeouts: Timeouts;
  /** Every agent trial together, then every baseline trial together (when there are any). */
  overall: GroupAnalysis[];
  groups: GroupAnalysis[];
}

export function isWin(outcome: string | null): boolean {
  return outcome === 'success' || outcome === 'self_healed';
}

export function armOf(trial: Pick<TrialRow, 'baseline'>): Arm {
  return trial.baseline ? 'baseline' : 'agent';
}

export function analyzeCampaign(campaign: CampaignRow, trials: readonly TrialRow[]): CampaignAnalysis {
  const timeouts = campaignTimeouts(campaign);
  const groups = groupTrials(trials).map(({ key, trials: rows }) => analyzeGroup(key, rows, timeouts));
  const overall = (['agent', 'baseline'] as const)
    .map((arm) => ({ arm, rows: trials.filter((t) => armOf(t) === arm) }))
    .filter(({ rows }) => rows.length > 0)
    .map(({ arm, rows }) => analyzeGroup({ subject: '*', chaosType: '*', arm }, rows, timeouts));
  const { id, name, variant, seed, status, created_at } = campaign;
  return { campaign: { id, name, variant, seed, status, created_at }, timeouts, overall, groups };
}

export function groupTrials<T extends Pick<TrialRow, 'subject' | 'chaos_type' | 'baseline'>>(
  trials: readonly T[],
): Array<{ key: GroupKey; trials: T[] }> {
  const groups = new Map<string, { key: GroupKey; trials: T[] }>();
  for (const t of trials) {
    const key: GroupKey = { subject: t.subject, chaosType: t.chaos_type, arm: armOf(t) };
    const id = `${key.subject}\u0000${key.chaosType}\u0000${key.arm}`;
    if (!groups.has(id)) groups.set(id, { key, trials: [] });
    groups.get(id)!.trials.push(t);
  }
  return [...groups.values()];
}

export function analyzeGroup(key: GroupKey, trials: readonly TrialRow[], timeouts: Timeouts): GroupAnalysis {
  const done = trials.filter((t) => t.status === 'done');
  const outcomes: Record<string, number> = {};
  for (const t of done) outcomes[t.outcome ?? 'unknown'] = (outcomes[t.outcome ?? 'unknown'] ?? 0) + 1;
  const scored = done.filter((t) => isScored(t.outcome));
  const observe = (f: typeof detectObservation) =>
    scored.flatMap((t) => f(t, timeouts) ?? []) as TimeObservation[];
  const detect = observe(detectObservation);
  const resolve = observe(resolveObservation);
  return {
    ...key,
    trials: trials.length,
    pending: trials.length - done.length,
    outcomes,
    winRate: wilsonInterval(scored.filter((t) => isWin(t.outcome)).length, scored.length),
    detect: detect.length > 0 ? summarizeTimes(detect) : undefined,
    resolve: resolve.length > 0 ? summarizeTimes(resolve) : undefined,
    commands: commandTotals(scored),
    infraErrors: done
      .filter((t) => t.outcome === 'infra_error')
      .map((t) => ({ trialId: t.id, ordinal: t.ordinal, error: t.error })),
    workload: workloadTotals(done),
  };
}
