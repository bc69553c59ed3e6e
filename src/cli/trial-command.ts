import { Command } from 'commander';
import { campaignSchema, type Campaign } from '../campaign/campaign-schema.ts';
import { checkCampaignMeaning } from '../campaign/check-campaign.ts';
import { InputError } from '../campaign/input-error.ts';
import { describeIssues } from '../campaign/zod-problems.ts';
import type { Logger } from '../log/logger.ts';
import { runLoaded, type RunCommandOptions } from './run-command.ts';

interface TrialFlags extends RunCommandOptions {
  subject: string;
  chaos: string;
  params?: string;
  baseline?: boolean;
  trials: string;
  parallel: string;
  variant: string;
  seed: string;
  firstSlot: string;
  portStride: string;
}

/** Which flag sets which campaign field, for error messages. */
const FLAG_OF: Record<string, string> = {
  subjects: '--subject',
  chaos_types: '--chaos',
  trials_per_combination: '--trials',
  include_baseline: '--baseline',
  parallel: '--parallel',
  variant: '--variant',
  seed: '--seed',
  first_slot: '--first-slot',
  port_stride: '--port-stride',
};

/** `gauntlet trial`: a one-off campaign from flags. */
export function trialCommand(logger: Logger, setExit: (code: number) => void, defaultDb: string): Command {
  return new Command('trial')
    .description('run a one-off campaign from flags, e.g. gauntlet trial --subject etcd --chaos node_kill --trials 3')
    .requiredOption('--subject <name>', 'subject, e.g. etcd')
    .requiredOption('--chaos <type>', 'chaos type, e.g. node_kill')
    .option('--params <json>', 'chaos parameters as JSON, e.g. {"signal":"SIGTERM"}')
    .option('--baseline', 'also run as many trials with no operator (does the subject heal itself?)')
    .option('--trials <n>', 'trials with the operator', '1')
    .option('--parallel <n>', 'slots at once', '1')
    .option('--variant <name>', 'operator variant', 'runbook')
    .option('--variants-dir <path>', 'where variant files are')
    .option('--seed <n>', 'seed for targets and order', '1')
    .option('--first-slot <n>', 'number of the first slot', '0')
    .option('--port-stride <n>', 'host port distance between slots', '10000')
    .option('--db <path>', 'results database', defaultDb)
    .option('--keep', 'leave the clusters running at the end')
    .option('--replace', 'take down same-named projects that Gauntlet did not start')
    .option('--no-progress', 'plain log lines instead of the live progress display')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: TrialFlags) => setExit(await runLoaded(campaignFromFlags(flags), undefined, flags, logger)));
}

export function campaignFromFlags(flags: TrialFlags): Campaign {
  const trials = integer(flags.trials);
  const raw: Record<string, unknown> = {
    name: `trial ${flags.subject} ${flags.chaos}`,
    subjects: [flags.subject],
    chaos_types: [flags.params ? { type: flags.chaos, params: json(flags.params) } : flags.chaos],
    trials_per_combination: trials,
    include_baseline: flags.baseline ? trials : false,
    parallel: integer(flags.parallel),
    variant: flags.variant,
    seed: integer(flags.seed),
    first_slot: integer(flags.firstSlot),
    port_stride: integer(flags.portStride),
  };
  const parsed = campaignSchema.safeParse(raw);
  const problems = [...(parsed.success ? [] : describeIssues(parsed.error.issues, raw, campaignSchema)), ...checkCampaignMeaning(raw)];
  if (problems.length > 0 || !parsed.success) {
    throw new InputError(problems.map((p) => ({ file: 'gauntlet trial', path: FLAG_OF[String(p.path[0])] ?? p.path.join('.'), message: p.message })));
  }
  return parsed.data;
}

/** Leaves a non-number as it is, so the schema reports it with the value given. */
function integer(value: string): number | string {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

function json(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new InputError([{ file: 'gauntlet trial', path: '--params', message: `expected JSON, got ${value} (${(error as Error).message})` }]);
  }
}
