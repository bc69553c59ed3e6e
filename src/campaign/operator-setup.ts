import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Logger } from '../log/logger.ts';
import { Redactor } from '../operator/secrets.ts';
import { missingSecrets, type Variant } from '../operator/variant.ts';
import { ExternalOperators, PerSlotOperators, PerTrialOperators, type OperatorSupply } from '../trial/operator-supply.ts';
import type { Campaign } from './campaign-schema.ts';
import { InputError, type InputProblem } from './input-error.ts';
import { baselineCount } from './matrix.ts';

/** How this run gets its operators; undefined `operatorStore` means the harness starts them. */
export interface OperatorMode {
  /** The user runs the operator; its ticket store, `{slot}` standing for the slot number. */
  operatorStore?: string;
}

/** Refuses, before anything starts, an operator set-up that cannot give honest results. */
export function checkOperatorMode(
  campaign: Campaign,
  variant: Variant,
  mode: OperatorMode,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const problems: InputProblem[] = [];
  const missing = missingSecrets(variant, env);
  if (missing.length > 0) {
    problems.push({
      file: variant.file,
      path: 'secret_env',
      message: `variant ${variant.name} needs ${missing.join(', ')} in the environment; export ${missing.length === 1 ? 'it' : 'them'} before the run`,
    });
  }
  if (mode.operatorStore !== undefined) {
    if (campaign.parallel > 1 && !variant.slot_aware) {
      problems.push({
        file,
        path: 'parallel',
        message: `--operator-running with parallel ${campaign.parallel}: one user-run operator would serve ${campaign.parallel} slots, but variant ${variant.name} does not say slot_aware: true; use parallel: 1 or a slot-aware variant`,
      });
    }
    if (campaign.parallel > 1 && !mode.operatorStore.includes('{slot}')) {
      problems.push({
        file,
        path: 'parallel',
        message: `--operator-store ${mode.operatorStore} names one store for ${campaign.parallel} slots; put {slot} in the path, e.g. tickets-{slot}.db`,
      });
    }
    if (baselineCount(campaign) > 0) {
      problems.push({ file, path: 'include_baseline', message: 'baseline trials need no operator, but --operator-running keeps one watching every slot' });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
}

export function createOperatorSupply(
  campaign: Campaign,
  variant: Variant,
  mode: OperatorMode,
  ctx: { campaignId: string; runDir: string; redactor: Redactor; logger: Logger },
): OperatorSupply {
  const supplyCtx = {
    variant,
    campaignId: ctx.campaignId,
    redactor: ctx.redactor,
    readyTimeoutMs: campaign.timeouts.operator_ready_seconds * 1000,
    logger: ctx.logger.child('operator'),
  };
  if (mode.operatorStore !== undefined) {
    const store = isAbsolute(mode.operatorStore) ? mode.operatorStore : resolve(mode.operatorStore);
    return new ExternalOperators(supplyCtx, store);
  }
  if (campaign.operator_lifecycle === 'per_slot') return new PerSlotOperators(supplyCtx, join(ctx.runDir, 'slots'));
  return new PerTrialOperators(supplyCtx);
}

/** Keeps the variant with the results; secret values are never part of it. */
export async function writeVariantCopy(variant: Variant, runDir: string, redactor: Redactor): Promise<void> {
  const { file, ...fields } = variant;
  const text = `# Copy of ${file} as this campaign ran it\n${stringify(fields)}`;
  await writeFile(join(runDir, 'variant.yaml'), redactor.redact(text));
}

export function redactorFor(variant: Variant): Redactor {
  return new Redactor(variant.secret_env);
}
