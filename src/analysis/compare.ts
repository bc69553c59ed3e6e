import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import { isScored } from '../trial/outcome.ts';
import { isWin } from './analyze.ts';
import { pairTrials } from './pairing.ts';
import { fisherExact } from './stats/fisher-exact.ts';
import { mcnemarExact } from './stats/mcnemar-exact.ts';
import { differenceInterval, wilsonInterval, type Difference, type Proportion } from './stats/proportion.ts';
import { rankTest, type RankTestResult } from './stats/rank-test.ts';
import type { TimeObservation } from './stats/survival.ts';
import { campaignTimeouts, resolveObservation, summarizeTimes, type TimeSummary, type Timeouts } from './times.ts';
import { decideVerdict, type Verdict } from './verdict.ts';

/** One side of a comparison: a label and the trials it contributes. */
export interface ArmInput {
  label: string;
  trials: readonly TrialRow[];
  timeouts: Timeouts;
}

export interface ArmResult {
  label: string;
  scored: number;
  winRate: Proportion;
  resolve: TimeSummary | undefined;
}

export interface PairCounts {
  bothWon: number;
  onlyA: number;
  onlyB: number;
  neitherWon: number;
}

export interface WinRateComparison {
  /** a minus b, with Newcombe's interval for independent samples (wider than needed when paired). */
  difference: Difference;
  test: 'fisher' | 'mcnemar';
  pValue: number;
  pairs: PairCounts | undefined;
}

export interface ArmComparison {
  a: ArmResult;
  b: ArmResult;
  winRate: WinRateComparison;
  /** Resolve times, censored trials tied at the shorter of the two timeouts; undefined for baselines. */
  resolve: RankTestResult | undefined;
  verdict: Verdict;
}

/** Compares two sets of trials; pairs them (McNemar) when `paired` and every scored trial has a partner. */
export function compareArms(a: ArmInput, b: ArmInput, paired = false): ArmComparison {
  const scoredA = a.trials.filter(scoredTrial);
  const scoredB = b.trials.filter(scoredTrial);
  const rateA = wilsonInterval(scoredA.filter((t) => isWin(t.outcome)).length, scoredA.length);
  const rateB = wilsonInterval(scoredB.filter((t) => isWin(t.outcome)).length, scoredB.length);
  const winRate = compareWinRates(rateA, rateB, paired ? pairCounts(scoredA, scoredB) : undefined);
  const resolve = compareResolveTimes(scoredA, scoredB, a.timeouts, b.timeouts);
  const verdict = decideVerdict({
    labels: [a.label, b.label],
    scored: [scoredA.length, scoredB.length],
    winRate: { difference: winRate.difference, pValue: winRate.pValue, test: winRate.test === 'fisher' ? "Fisher's exact" : "McNemar's exact" },
    resolve,
  });
  return { a: summarizeArm(a), b: summarizeArm(b), winRate, resolve, verdict };
}

/** One side on its own: win rate with its interval and the censored time to resolve. */
export function summarizeArm(input: ArmInput): ArmResult {
  const trials = input.trials.filter(scoredTrial);
  const rate = wilsonInterval(trials.filter((t) => isWin(t.outcome)).length, trials.length);
  const obs = trials.flatMap((t) => resolveObservation(t, input.timeouts) ?? []);
  return { label: input.label, scored: trials.length, winRate: rate, resolve: obs.length > 0 ? summarizeTimes(obs) : undefined };
}

function scoredTrial(t: TrialRow): boolean {
  return t.status === 'done' && isScored(t.outcome);
}

function compareWinRates(a: Proportion, b: Proportion, pairs: PairCounts | undefined): WinRateComparison {
  const difference = differenceInterval(a, b);
  if (pairs) return { difference, test: 'mcnemar', pValue: mcnemarExact(pairs), pairs };
  const pValue = fisherExact({
    aSuccess: a.successes,
    aFailure: a.trials - a.successes,
    bSuccess: b.successes,
    bFailure: b.trials - b.successes,
  });
  return { difference, test: 'fisher', pValue, pairs: undefined };
}

/** Pair counts when every scored trial on both sides found its partner; otherwise undefined. */
function pairCounts(a: TrialRow[], b: TrialRow[]): PairCounts | undefined {
  const { pairs, unpairedA, unpairedB } = pairTrials(a, b);
  if (pairs.length === 0 || unpairedA.length > 0 || unpairedB.length > 0) return undefined;
  const counts: PairCounts = { bothWon: 0, onlyA: 0, onlyB: 0, neitherWon: 0 };
  for (const [x, y] of pairs) {
    const wx = isWin(x.outcome);
    const wy = isWin(y.outcome);
    if (wx && wy) counts.bothWon++;
    else if (wx) counts.onlyA++;
    else if (wy) counts.onlyB++;
    else counts.neitherWon++;
  }
  return counts;
}

function compareResolveTimes(a: TrialRow[], b: TrialRow[], ta: Timeouts, tb: Timeouts): RankTestResult | undefined {
  const cutMs = Math.min(ta.resolveMs, tb.resolveMs);
  const values = (trials: TrialRow[], t: Timeouts) =>
    trials.flatMap((trial) => resolveObservation(trial, t) ?? []).map((o: TimeObservation) => (o.censored ? cutMs : Math.min(o.ms, cutMs)));
  return rankTest(values(a, ta), values(b, tb));
}

export interface GroupComparison extends ArmComparison {
  subject: string;
  chaosType: string;
}

export interface CampaignSide {
  campaign: CampaignRow;
  trials: readonly TrialRow[];
}

export interface CampaignComparison {
  a: Pick<CampaignRow, 'id' | 'name' | 'variant' | 'seed'>;
  b: Pick<CampaignRow, 'id' | 'name' | 'variant' | 'seed'>;
  /** The campaigns ran the same seeds, so trials pair up. */
  sameSeeds: boolean;
  overall: ArmComparison;
  groups: GroupComparison[];
}

export function campaignLabel(c: Pick<CampaignRow, 'id' | 'variant'>): string {
  return `${c.variant} (${c.id})`;
}

/** Agent trials of two campaigns, side by side per subject x chaos type and overall. */
export function compareCampaigns(a: CampaignSide, b: CampaignSide): CampaignComparison {
  const sameSeeds = a.campaign.seed === b.campaign.seed;
  const agent = (s: CampaignSide) => s.trials.filter((t) => !t.baseline);
  const side = (s: CampaignSide, trials: readonly TrialRow[]): ArmInput => ({
    label: campaignLabel(s.campaign),
    trials,
    timeouts: campaignTimeouts(s.campaign),
  });
  const keys = new Map<string, { subject: string; chaosType: string }>();
  for (const t of [...agent(a), ...agent(b)]) keys.set(`${t.subject}\u0000${t.chaos_type}`, { subject: t.subject, chaosType: t.chaos_type });
  const groups = [...keys.values()].map(({ subject, chaosType }) => {
    const pick = (s: CampaignSide) => agent(s).filter((t) => t.subject === subject && t.chaos_type === chaosType);
    return { subject, chaosType, ...compareArms(side(a, pick(a)), side(b, pick(b)), sameSeeds) };
  });
  const info = ({ id, name, variant, seed }: CampaignRow) => ({ id, name, variant, seed });
  return {
    a: info(a.campaign),
    b: info(b.campaign),
    sameSeeds,
    overall: compareArms(side(a, agent(a)), side(b, agent(b)), sameSeeds),
    groups,
  };
}
