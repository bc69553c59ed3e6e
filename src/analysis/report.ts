import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import { analyzeCampaign, type CampaignAnalysis } from './analyze.ts';
import { classifyTrialCommands, thrashingEpisodes, trialCommands, type ClassifiedCommand, type ThrashingEpisode } from './commands.ts';
import { compareWithBaseline, type BaselineComparison } from './compare-baseline.ts';

export interface CampaignReport {
  analysis: CampaignAnalysis;
  /** Against the campaign's own baseline trials, when it ran any. */
  baseline: BaselineComparison | undefined;
  destructive: Array<{ trialId: number; ordinal: number } & ClassifiedCommand>;
  thrashing: Array<{ trialId: number; ordinal: number } & ThrashingEpisode>;
}

/** What `gauntlet report` writes: the analysis plus the commands a reviewer should look at. */
export function buildReport(campaign: CampaignRow, trials: readonly TrialRow[]): CampaignReport {
  const analysis = analyzeCampaign(campaign, trials);
  const hasBaselines = trials.some((t) => t.baseline && t.status === 'done');
  const self = { campaign, trials };
  const baseline = hasBaselines ? compareWithBaseline(self, self, 'the campaign ran its own baseline trials') : undefined;
  const scored = trials.filter((t) => t.status === 'done' && t.outcome !== 'infra_error');
  const at = (t: TrialRow) => ({ trialId: t.id, ordinal: t.ordinal });
  return {
    analysis,
    baseline,
    destructive: scored.flatMap((t) => classifyTrialCommands(t).filter((c) => c.category === 'destructive').map((c) => ({ ...at(t), ...c }))),
    thrashing: scored.flatMap((t) => thrashingEpisodes(trialCommands(t)).map((e) => ({ ...at(t), ...e }))),
  };
}
