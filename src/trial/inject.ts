import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosContext, ChaosMetadata, ChaosType } from '../chaos/chaos-type.ts';
import type { Slot } from '../pool/slot.ts';
import { describeError } from '../process/run.ts';
import type { ResultsDb, TrialResult, TrialRow } from '../store/results-db.ts';

/** A failure of the infrastructure (reset, health, injection): retried, never scored. */
export class InfraError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfraError';
  }
}

export interface Injection {
  metadata: ChaosMetadata;
  journalId: number;
}

const BASELINE_POLL_MS = 500;

/**
 * Plans the chaos, journals it, then applies it. `planned` hears of the
 * injection before it is applied, so a failed apply is still cleaned up.
 * Returns the instant of the injection.
 */
export async function injectChaos(
  env: { db: ResultsDb; campaignId: string },
  trial: TrialRow,
  slot: Slot,
  chaosType: ChaosType,
  ctx: ChaosContext,
  result: TrialResult,
  planned: (injection: Injection) => void,
): Promise<number> {
  const params = chaosType.params.parse(JSON.parse(trial.chaos_params_json));
  const plan = await chaosType.plan(ctx, params).catch((e: unknown) => {
    throw new InfraError(`could not plan ${trial.chaos_type}: ${describeError(e)}`);
  });
  result.chaos_json = JSON.stringify(plan.metadata);
  const journalId = env.db.journalPlanned({
    campaign_id: env.campaignId,
    trial_id: trial.id,
    subject: trial.subject,
    project: slot.project.name,
    engine_host: slot.project.engine.host ?? null,
    chaos_type: trial.chaos_type,
    metadata_json: result.chaos_json,
  });
  planned({ metadata: plan.metadata, journalId });
  const at = Date.now();
  await plan.apply().catch((e: unknown) => {
    throw new InfraError(`could not inject ${trial.chaos_type}: ${describeError(e)}`);
  });
  // apply() may add what it measured (e.g. the bytes a disk fill allocated)
  result.chaos_json = JSON.stringify(plan.metadata);
  ctx.logger.info(`Injected ${trial.chaos_type} on ${plan.metadata.target.service} (${slot.label})`);
  return at;
}

/** Baseline trials: polls health until the subject heals itself or the deadline passes. */
export async function waitForSelfHealing(slot: Slot, deadline: number, signal: AbortSignal): Promise<boolean> {
  while (Date.now() < deadline && !signal.aborted) {
    await sleep(BASELINE_POLL_MS);
    if ((await slot.client.health(signal).catch(() => undefined))?.healthy) return true;
  }
  return false;
}
