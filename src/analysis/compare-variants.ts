import type { TrialRow } from '../store/results-db.ts';
import type { CampaignTrials } from './compare-baseline.ts';
import { compareArms, summarizeArm, type ArmResult } from './compare.ts';
import { campaignTimeouts, type Timeouts } from './times.ts';
import type { Verdict } from './verdict.ts';

export interface RankedVariant extends ArmResult {
  rank: number;
  variant: string;
  campaignIds: string[];
  /** Against the top-ranked variant; undefined for the top one itself. */
  versusTop: Verdict | undefined;
}

export interface VariantRanking {
  subject: string;
  chaosType: string;
  variants: RankedVariant[];
}

/**
 * Every variant's agent trials for one subject and chaos type, pooled over its
 * campaigns, ranked by win rate and then by median time to resolve, each
 * checked against the top one so a lead of one trial reads as no clear difference.
 */
export function compareVariants(subject: string, chaosType: string, campaigns: readonly CampaignTrials[]): VariantRanking {
  const byVariant = new Map<string, { trials: TrialRow[]; campaignIds: string[]; timeouts: Timeouts[] }>();
  for (const { campaign, trials } of campaigns) {
    const matching = trials.filter((t) => !t.baseline && t.subject === subject && t.chaos_type === chaosType);
    if (matching.length === 0) continue;
    const entry = byVariant.get(campaign.variant) ?? { trials: [], campaignIds: [], timeouts: [] };
    entry.trials.push(...matching);
    entry.campaignIds.push(campaign.id);
    entry.timeouts.push(campaignTimeouts(campaign));
    byVariant.set(campaign.variant, entry);
  }
  const arms = [...byVariant].map(([variant, e]) => ({
    variant,
    campaignIds: e.campaignIds,
    // Pooled campaigns are censored at the shortest timeout any of them used.
    input: { label: variant, trials: e.trials, timeouts: shortest(e.timeouts) },
  }));
  const withResults = arms.map((arm) => ({ ...arm, result: summarizeArm(arm.input) }));
  withResults.sort((x, y) => (y.result.winRate.estimate ?? -1) - (x.result.winRate.estimate ?? -1) || resolveOrder(x.result, y.result));
  const top = withResults[0];
  const variants = withResults.map((arm, i) => ({
    ...arm.result,
    rank: i + 1,
    variant: arm.variant,
    campaignIds: arm.campaignIds,
    versusTop: i === 0 || !top ? undefined : compareArms(top.input, arm.input).verdict,
  }));
  return { subject, chaosType, variants };
}

function resolveOrder(x: ArmResult, y: ArmResult): number {
  const median = (r: ArmResult) => r.resolve?.medianMs ?? Number.MAX_VALUE;
  return median(x) - median(y);
}

function shortest(timeouts: Timeouts[]): Timeouts {
  return {
    detectMs: Math.min(...timeouts.map((t) => t.detectMs)),
    resolveMs: Math.min(...timeouts.map((t) => t.resolveMs)),
  };
}
