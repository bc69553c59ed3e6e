import { z } from 'zod';
import { workloadConfigSchema } from '../workload/trial-workload.ts';

const chaosEntry = z.union(
  [
    z.string().min(1).describe('A chaos type with its default parameters, e.g. node_kill.'),
    z
      .strictObject({
        type: z.string().min(1).describe('The chaos type, e.g. node_kill.'),
        params: z.record(z.string(), z.unknown()).default({}).describe('Parameters of this chaos type; each type checks its own.'),
      })
      .describe('A chaos type with parameters.'),
  ],
  { error: () => 'expected a chaos type name or a mapping {type, params}' },
);

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
    name: z.string().min(1).max(100).describe('A name for the campaign, shown in listings. Required.'),
    subjects: z
      .array(z.string().min(1).describe('A subject name, e.g. etcd or tikv.'))
      .min(1)
      .describe('Subjects to run, one after another, e.g. [etcd]. Required.'),
    chaos_types: z.array(chaosEntry).min(1).describe('Chaos types, each a name or {type, params}; every subject must support each. Required.'),
    trials_per_combination: z.int().min(1).max(10_000).default(5).describe('Trials per subject x chaos type.'),
    parallel: z.int().min(1).max(64).default(1).describe('How many isolated slots run trials at once.'),
    cooldown_seconds: z.number().min(0).max(3600).default(0).describe('Pause per slot after a trial.'),
    workload: z
      .union([z.literal(false), workloadConfigSchema])
      .default(false)
      .describe('A client workload during each trial whose acknowledged writes must survive; false for none.'),
    include_baseline: z
      .union([z.boolean(), z.int().min(0).max(10_000)])
      .default(false)
      .describe('Baseline trials with no operator (does the subject heal itself?): true for one per subject and chaos type, or how many.'),
    variant: z.string().min(1).default('runbook').describe('The operator variant (a file in variants/).'),
    seed: z.int().min(0).max(4_294_967_295).default(1).describe('Seed for target choice and trial order: the same seed gives the same campaign.'),
    timeouts: timeouts.prefault({}).describe('Per-phase time limits.'),
    infra_retries: z.int().min(0).max(10).default(2).describe('How often a trial that failed for infrastructure reasons is retried.'),
    port_stride: z.int().min(1).max(65_535).default(10_000).describe('Host port distance between two slots: slot N publishes every standard port + N * port_stride. Smaller strides allow more slots below port 65535.'),
    spare_slots: z.int().min(0).max(8).default(0).describe('Warm clusters beyond `parallel` that hide slot resets: a finished trial hands its slot to the background reset and the next trial takes a spare. 0 runs exactly `parallel` clusters.'),
    reset: z
      .enum(['full', 'recycle'])
      .default('full')
      .describe(
        'How a slot is reset between trials. full: the project goes down with its volumes and comes up again, so nothing survives. recycle (subjects that support it, etcd): every member is killed, its data volume emptied and it is started again in its own container (a new network namespace: no rule, pause or qdisc survives), about twice as fast; what a container keeps outside its data volume survives. A recycled slot must still match a fresh cluster\'s fingerprint, and any failure falls back to a full reset.',
      ),
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
