import { z } from 'zod';

const chaosEntry = z.union([
  z.string().describe('A chaos type with its default parameters.'),
  z
    .strictObject({
      type: z.string().describe('The chaos type, e.g. node_kill.'),
      params: z.record(z.string(), z.unknown()).default({}).describe('Parameters of this chaos type.'),
    })
    .describe('A chaos type with parameters.'),
]);

const timeouts = z
  .strictObject({
    healthy_seconds: z.number().positive().max(3600).default(90).describe('How long a slot may take to become healthy.'),
    detect_seconds: z.number().positive().max(3600).default(60).describe('How long the operator may take to open a ticket after the injection.'),
    resolve_seconds: z.number().positive().max(7200).default(120).describe('How long the operator may take to resolve the ticket after the injection.'),
    operator_ready_seconds: z.number().positive().max(600).default(20).describe('How long to wait for the operator to open its session before injecting anyway.'),
  })
  .describe('Per-phase time limits.');

export const campaignSchema = z
  .strictObject({
    name: z.string().min(1).max(100).describe('A name for the campaign, shown in listings.'),
    subjects: z.array(z.string()).min(1).describe('Subjects to run, e.g. [etcd].'),
    chaos_types: z.array(chaosEntry).min(1).describe('Chaos types, each a name or {type, params}.'),
    trials_per_combination: z.int().min(1).max(10_000).default(5).describe('Trials per subject x chaos type.'),
    parallel: z.int().min(1).max(64).default(1).describe('How many isolated slots run trials at once.'),
    cooldown_seconds: z.number().min(0).max(3600).default(0).describe('Pause per slot after a trial.'),
    include_baseline: z
      .union([z.boolean(), z.int().min(0).max(10_000)])
      .default(false)
      .describe('Baseline trials with no operator (does the subject heal itself?): true for one per subject and chaos type, or how many.'),
    variant: z.string().min(1).default('runbook').describe('The operator variant (a file in variants/).'),
    seed: z.int().min(0).default(1).describe('Seed for target choice and trial order.'),
    timeouts: timeouts.prefault({}),
    infra_retries: z.int().min(0).max(10).default(2).describe('How often a trial that failed for infrastructure reasons is retried.'),
    port_stride: z.int().min(1).max(65_535).default(10_000).describe('Host port distance between two slots.'),
    first_slot: z.int().min(0).max(64).default(0).describe('Number of the first slot; slots run from here, so two campaigns can share an engine.'),
    operator_lifecycle: z.enum(['per_trial', 'per_slot']).default('per_trial').describe('Start a fresh operator for every trial, or one per slot for the whole campaign.'),
  })
  .describe('A Gauntlet chaos campaign.');

export type CampaignInput = z.input<typeof campaignSchema>;
export type Campaign = z.output<typeof campaignSchema>;

export interface ChaosSpec {
  type: string;
  params: Record<string, unknown>;
}

export function chaosSpecs(campaign: Campaign): ChaosSpec[] {
  return campaign.chaos_types.map((entry) =>
    typeof entry === 'string' ? { type: entry, params: {} } : { type: entry.type, params: entry.params },
  );
}
