import { Random, trialSeed } from '../chaos/random.ts';
import type { TrialSpecRow } from '../store/results-db.ts';
import { chaosSpecs, type Campaign } from './campaign-schema.ts';

interface Combination {
  subject: string;
  chaosType: string;
  params: Record<string, unknown>;
  baseline: boolean;
  count: number;
}

/** Baseline trials per subject and chaos type: `true` means one. */
export function baselineCount(campaign: Pick<Campaign, 'include_baseline'>): number {
  const value = campaign.include_baseline;
  return value === true ? 1 : value === false ? 0 : value;
}

/**
 * Expands subjects x chaos types x trials (plus baseline trials) into trial
 * specs. Rounds are interleaved: each round holds one trial of every
 * combination that still has trials to run, in an order shuffled by the
 * campaign's seed, so a campaign cut short still covers the whole matrix.
 * Subjects run one after another.
 */
export function expandMatrix(campaign: Campaign): TrialSpecRow[] {
  const random = new Random(campaign.seed);
  const baselines = baselineCount(campaign);
  const specs: TrialSpecRow[] = [];
  for (const subject of campaign.subjects) {
    const combinations: Combination[] = chaosSpecs(campaign).flatMap((chaos) => {
      const agent = { subject, chaosType: chaos.type, params: chaos.params, baseline: false, count: campaign.trials_per_combination };
      return baselines > 0 ? [agent, { ...agent, baseline: true, count: baselines }] : [agent];
    });
    const rounds = Math.max(...combinations.map((c) => c.count));
    for (let round = 0; round < rounds; round++) {
      for (const c of random.shuffle(combinations.filter((x) => x.count > round))) {
        const ordinal = specs.length;
        specs.push({
          ordinal,
          subject: c.subject,
          chaos_type: c.chaosType,
          chaos_params_json: JSON.stringify(c.params),
          baseline: c.baseline ? 1 : 0,
          seed: trialSeed(campaign.seed, ordinal),
        });
      }
    }
  }
  return specs;
}
