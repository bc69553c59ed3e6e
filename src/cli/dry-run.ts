import { loadCampaign, type LoadedCampaign } from '../campaign/load-campaign.ts';
import { expandMatrix } from '../campaign/matrix.ts';
import { CHAOS_TYPES } from '../chaos/registry.ts';
import { loadVariant } from '../operator/variant.ts';
import { checkPortsFree, PreflightError } from '../pool/preflight.ts';
import { portPlanJson, portTable } from '../ports/port-table.ts';
import type { TrialSpecRow } from '../store/results-db.ts';
import { ExitError } from '../exit-error.ts';
import Table from 'cli-table3';
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
  const loaded = await loadCampaign(file, { variantsDir: options.variantsDir });
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
  return { ordinal: t.ordinal, subject: t.subject, chaos_type: t.chaos_type, params: effectiveParams(t), baseline: t.baseline === 1, seed: t.seed };
}

/** The params a trial will inject with: the campaign's, completed by the chaos type's defaults. */
function effectiveParams(t: TrialSpecRow): unknown {
  const given = JSON.parse(t.chaos_params_json) as unknown;
  const parsed = CHAOS_TYPES.get(t.chaos_type)?.params.safeParse(given);
  return parsed?.success ? parsed.data : given;
}

function printText(loaded: LoadedCampaign, variant: string, trials: TrialSpecRow[], bound: string[]): void {
  const { campaign } = loaded;
  const out: string[] = [
    `Campaign ${campaign.name} (${loaded.file}): ${trials.length} trial(s), parallel ${campaign.parallel}, variant ${variant}, seed ${campaign.seed}`,
    compactTable(
      ['trial', 'subject', 'chaos', 'params', 'operator'],
      trials.map((t) => [t.ordinal, t.subject, t.chaos_type, JSON.stringify(effectiveParams(t)), t.baseline ? 'none (baseline)' : variant]),
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

/** One line per row: a trial list can be long. */
function compactTable(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}
