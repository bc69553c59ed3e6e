import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import { compareArms, type ArmComparison } from './compare.ts';
import { campaignTimeouts } from './times.ts';

export interface CampaignTrials {
  campaign: CampaignRow;
  trials: readonly TrialRow[];
}

export interface BaselineComparison {
  campaign: Pick<CampaignRow, 'id' | 'name' | 'variant'>;
  /** Where the self-healing trials came from, and why that campaign was chosen. */
  baseline: { campaignId: string; reason: string };
  groups: Array<ArmComparison & { subject: string; chaosType: string }>;
}

const comboKey = (t: Pick<TrialRow, 'subject' | 'chaos_type'>) => `${t.subject}\u0000${t.chaos_type}`;

function doneBaselines(trials: readonly TrialRow[]): TrialRow[] {
  return trials.filter((t) => t.baseline && t.status === 'done');
}

/**
 * The baseline for a campaign: its own baseline trials when it ran any, else
 * the newest other campaign with finished baseline trials for one of its
 * subject x chaos combinations. Candidates come newest first.
 */
export function findBaseline(target: CampaignTrials, candidates: readonly CampaignTrials[]): { source: CampaignTrials; reason: string } | undefined {
  if (doneBaselines(target.trials).length > 0) return { source: target, reason: 'the campaign ran its own baseline trials' };
  const wanted = new Set(target.trials.filter((t) => !t.baseline).map(comboKey));
  for (const c of candidates) {
    if (c.campaign.id === target.campaign.id) continue;
    if (doneBaselines(c.trials).some((t) => wanted.has(comboKey(t)))) {
      return { source: c, reason: `newest campaign with baseline trials for the same subject and chaos (${c.campaign.created_at})` };
    }
  }
  return undefined;
}

/** The campaign's agent trials against self-healing, per subject x chaos type both sides ran. */
export function compareWithBaseline(target: CampaignTrials, baseline: CampaignTrials, reason: string): BaselineComparison {
  const agent = target.trials.filter((t) => !t.baseline);
  const heal = doneBaselines(baseline.trials);
  const combos = [...new Set(agent.map(comboKey))].filter((k) => heal.some((t) => comboKey(t) === k));
  const groups = combos.map((key) => {
    const [subject, chaosType] = key.split('\u0000') as [string, string];
    const comparison = compareArms(
      { label: `${target.campaign.variant} operator`, trials: agent.filter((t) => comboKey(t) === key), timeouts: campaignTimeouts(target.campaign) },
      { label: 'self-healing', trials: heal.filter((t) => comboKey(t) === key), timeouts: campaignTimeouts(baseline.campaign) },
    );
    return { subject, chaosType, ...comparison };
  });
  const { id, name, variant } = target.campaign;
  return { campaign: { id, name, variant }, baseline: { campaignId: baseline.campaign.id, reason }, groups };
}
