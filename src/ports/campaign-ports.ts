import type { Campaign } from '../campaign/campaign-schema.ts';
import { expandMatrix } from '../campaign/matrix.ts';
import type { SubjectDefinition } from '../subjects/subject.ts';
import { ephemeralRangeWarnings, type PortRange } from './ephemeral-range.ts';
import { planPorts, type PortPlan } from './port-plan.ts';
import { projectNameProblems } from './project-name.ts';

export interface CampaignPortPlan {
  /** One plan per subject; subjects run one after another, each on its own pool. */
  plans: PortPlan[];
  problems: string[];
  warnings: string[];
}

/** Slots a subject's pool gets: `parallel`, but never more than it has trials. */
export function slotNumbers(campaign: Campaign, trials: number): number[] {
  const count = Math.min(campaign.parallel, trials);
  return Array.from({ length: count }, (_, i) => campaign.first_slot + i);
}

/** The port plan of every subject of a campaign, with what stops it and what may trouble it. */
export function planCampaignPorts(
  campaign: Campaign,
  subjects: ReadonlyMap<string, SubjectDefinition>,
  ephemeralRange: PortRange | undefined,
): CampaignPortPlan {
  const trials = expandMatrix(campaign);
  const plans = campaign.subjects.flatMap((name) => {
    const subject = subjects.get(name);
    if (!subject) return [];
    const count = trials.filter((t) => t.subject === name).length;
    return [planPorts(name, subject.ports, slotNumbers(campaign, count), campaign.port_stride)];
  });
  const problems = plans.flatMap((plan) => plan.problems.map((p) => `${plan.subject}: ${p}`));
  const crossSubject = projectNameProblems(plans.flatMap((p) => p.slots)).filter((p) => !problemsMention(plans, p));
  return {
    plans,
    problems: [...problems, ...crossSubject],
    warnings: plans.flatMap((plan) => ephemeralRangeWarnings(plan.slots, ephemeralRange)),
  };
}

/** A project-name problem already reported by one subject's own plan. */
function problemsMention(plans: readonly PortPlan[], problem: string): boolean {
  return plans.some((plan) => plan.problems.includes(problem));
}
