import { loadCampaign, type LoadedCampaign } from '../campaign/load-campaign.ts';
import { expandMatrix } from '../campaign/matrix.ts';
import { loadVariant } from '../operator/variant.ts';
import { checkPortsFree, PreflightError } from '../pool/preflight.ts';
import { portPlanJson, portTable } from '../ports/port-table.ts';
import type { TrialSpecRow } from '../store/results-db.ts';
import { ExitError } from './exit-error.ts';
import { printJson, table } from './output.ts';

export interface DryRunOptions {
  json?: boolean;
  variantsDir?: string;
}

/**
 * Everything `run` would decide before starting a container: the validated
 * campaign, its variant, the trial list and the port plan, with the planned
 * ports checked against the host. Talks to no Docker engine.
 */
export async function dryRunCommand(file: string | undefined, options: DryRunOptions): Promise<number> {
  if (!file) throw new ExitError('--dry-run needs a campaign file', 2);
  const loaded = await loadCampaign(file);
  const variant = await loadVariant(loaded.campaign.variant, options.variantsDir);
  const trials = expandMatrix(loaded.campaign);
  const bound = await boundPorts(loaded);
  if (options.json) {
    printJson({
      file,
      campaign: loaded.campaign,
      variant: variant.name,
      trials: trials.map(trialJson),
      port_plans: loaded.portPlans.map((plan) => portPlanJson(plan, [])),
      warnings: loaded.warnings,
      bound_ports: bound,
    });
  } else {
    printText(loaded, variant.name, trials, bound);
  }
  return bound.length > 0 ? 3 : 0;
}

/** Planned ports that something on this host already holds: `run` would refuse them. */
async function boundPorts(loaded: LoadedCampaign): Promise<string[]> {
  try {
    await checkPortsFree(loaded.portPlans.flatMap((plan) => plan.slots));
    return [];
  } catch (error) {
    if (error instanceof PreflightError) return error.problems;
    throw error;
  }
}

function trialJson(t: TrialSpecRow) {
  return { ordinal: t.ordinal, subject: t.subject, chaos_type: t.chaos_type, params: JSON.parse(t.chaos_params_json) as unknown, baseline: t.baseline === 1, seed: t.seed };
}

function printText(loaded: LoadedCampaign, variant: string, trials: TrialSpecRow[], bound: string[]): void {
  const { campaign } = loaded;
  const out: string[] = [
    `Campaign ${campaign.name} (${loaded.file}): ${trials.length} trial(s), parallel ${campaign.parallel}, variant ${variant}, seed ${campaign.seed}`,
    table(
      ['trial', 'subject', 'chaos', 'params', 'operator'],
      trials.map((t) => [t.ordinal, t.subject, t.chaos_type, t.chaos_params_json, t.baseline ? 'none (baseline)' : variant]),
    ),
  ];
  for (const plan of loaded.portPlans) {
    const { head, rows } = portTable(plan);
    out.push(`Port plan of ${plan.subject} (port_stride ${plan.stride}):`, table(head, rows));
  }
  out.push(...loaded.warnings.map((w) => `warning: ${w}`));
  if (bound.length > 0) {
    out.push(
      'run would refuse to start: planned ports are taken on this host (a leftover project of an earlier Gauntlet run is taken down first):',
      ...bound.map((p) => `  - ${p}`),
    );
  }
  out.push('Dry run: no container was touched.');
  process.stdout.write(`${out.join('\n')}\n`);
}
