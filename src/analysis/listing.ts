import type { CampaignRow, TrialRow } from '../store/results-db.ts';

export interface CampaignListing {
  id: string;
  name: string;
  status: CampaignRow['status'];
  variant: string;
  subjects: string[];
  chaosTypes: string[];
  trials: number;
  done: number;
  outcomes: Record<string, number>;
  createdAt: string;
}

/** One line of `gauntlet list`: what a campaign ran and how its trials ended. */
export function listCampaign(campaign: CampaignRow, trials: ReadonlyArray<Pick<TrialRow, 'subject' | 'chaos_type' | 'status' | 'outcome'>>): CampaignListing {
  const outcomes: Record<string, number> = {};
  for (const t of trials) if (t.status === 'done') outcomes[t.outcome ?? 'unknown'] = (outcomes[t.outcome ?? 'unknown'] ?? 0) + 1;
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    variant: campaign.variant,
    subjects: [...new Set(trials.map((t) => t.subject))],
    chaosTypes: [...new Set(trials.map((t) => t.chaos_type))],
    trials: trials.length,
    done: trials.filter((t) => t.status === 'done').length,
    outcomes,
    createdAt: campaign.created_at,
  };
}
