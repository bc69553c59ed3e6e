import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Campaign } from '../campaign/campaign-schema.ts';
import type { ChaosContext, ChaosMetadata, ChaosType } from '../chaos/chaos-type.ts';
import { Random } from '../chaos/random.ts';
import { CHAOS_TYPES } from '../chaos/registry.ts';
import type { Logger } from '../log/logger.ts';
import { OperatorProcess, type OperatorExit } from '../operator/operator-process.ts';
import { createTicketStore, TicketStoreReader, type Ticket } from '../operator/ticket-store.ts';
import type { Variant } from '../operator/variant.ts';
import type { Slot } from '../pool/slot.ts';
import { describeError } from '../process/run.ts';
import type { ResultsDb, TrialResult, TrialRow } from '../store/results-db.ts';
import type { SubjectState } from '../subjects/subject.ts';
import { classifyOutcome, type Outcome } from './outcome.ts';
import { PhaseClock } from './phases.ts';

export interface TrialEnvironment {
  db: ResultsDb;
  campaignId: string;
  campaign: Campaign;
  /** The operator to start for this trial; undefined for baseline trials. */
  variant: Variant | undefined;
  runDir: string;
  logger: Logger;
  /** Aborted on interrupt: the trial stops waiting, cleans up and is left to resume. */
  signal: AbortSignal;
}

export interface TrialReport {
  outcome: Outcome | 'interrupted';
  result: TrialResult;
}

const TICKET_POLL_MS = 100;
const BASELINE_POLL_MS = 500;

class InfraError extends Error {}

/** One trial on one acquired slot: operator, capture, inject, wait, capture, clean up. */
export async function runTrial(env: TrialEnvironment, trial: TrialRow, slot: Slot): Promise<TrialReport> {
  const clock = new PhaseClock();
  const logger = env.logger.child(`trial ${trial.ordinal}`);
  const dir = join(env.runDir, `trial-${String(trial.ordinal).padStart(4, '0')}`);
  await mkdir(dir, { recursive: true });
  const storePath = join(dir, 'tickets.db');
  const logPath = join(dir, 'operator.log');
  const chaosType = CHAOS_TYPES.get(trial.chaos_type);
  const params = chaosType?.params.parse(JSON.parse(trial.chaos_params_json)) ?? {};
  const chaosCtx: ChaosContext = {
    project: slot.project,
    subject: slot.subject,
    client: slot.client,
    random: new Random(trial.seed),
    logger,
    signal: env.signal,
  };
  const result: TrialResult = {};
  let operator: OperatorProcess | undefined;
  let reader: TicketStoreReader | undefined;
  let metadata: ChaosMetadata | undefined;
  let journalId: number | undefined;
  let stateAfter: SubjectState | undefined;
  let evidence = { detected: false, resolved: false };
  let interrupted = false;
  try {
    await clock.time('healthy', async () => {
      const health = await slot.client.health(env.signal);
      if (!health.healthy) throw new InfraError(`slot not healthy before the trial: ${health.problems.join('; ')}`);
    });
    createTicketStore(storePath);
    reader = new TicketStoreReader(storePath);
    if (env.variant) {
      const variant = env.variant;
      operator = await clock.time('operator_start', () =>
        startOperator(env, variant, slot, storePath, logPath, reader!, logger),
      );
      result.operator_log = logPath;
    }
    const before = await clock.time('capture_before', () => slot.client.capture(env.signal));
    result.state_before_json = JSON.stringify(before);
    if (!chaosType) throw new InfraError(`unknown chaos type ${trial.chaos_type}`);
    const injectedAt = await clock.time('inject', async () => {
      const plan = await chaosType.plan(chaosCtx, params).catch((e: unknown) => {
        throw new InfraError(`could not plan ${trial.chaos_type}: ${describeError(e)}`);
      });
      metadata = plan.metadata;
      result.chaos_json = JSON.stringify(metadata);
      journalId = env.db.journalPlanned({
        campaign_id: env.campaignId,
        trial_id: trial.id,
        subject: trial.subject,
        project: slot.project.name,
        engine_host: slot.project.engine.host ?? null,
        chaos_type: trial.chaos_type,
        metadata_json: result.chaos_json,
      });
      const at = Date.now();
      await plan.apply().catch((e: unknown) => {
        throw new InfraError(`could not inject ${trial.chaos_type}: ${describeError(e)}`);
      });
      logger.info(`Injected ${trial.chaos_type} on ${metadata.target.service} (${slot.label})`);
      return at;
    });
    result.chaos_injected_at = iso(injectedAt);
    const timeouts = env.campaign.timeouts;
    if (env.variant) {
      evidence = await watchOperator(env, clock, reader, operator, injectedAt, result);
    } else {
      evidence.resolved = await clock.time('resolve', () =>
        waitForSelfHealing(slot, injectedAt + timeouts.resolve_seconds * 1000, env.signal),
      );
    }
    interrupted = env.signal.aborted;
    stateAfter = await clock.time('capture_after', () => slot.client.capture());
    result.state_after_json = JSON.stringify(stateAfter);
  } catch (error) {
    interrupted = env.signal.aborted;
    if (!interrupted) {
      result.error = describeError(error);
      logger.warn(`Trial failed in ${clock.current}: ${result.error}`);
      if (!(error instanceof InfraError) && !['healthy', 'operator_start', 'capture_before', 'inject'].includes(clock.current ?? '')) {
        result.error = `harness error: ${result.error}`;
      }
    }
  } finally {
    const earlyExit = operator?.exit;
    if (operator) await clock.time('operator_stop', () => operator!.stop()).catch(() => {});
    if (metadata && chaosType) await cleanUp(env, clock, chaosType, chaosCtx, metadata, journalId, logger);
    if (reader) {
      recordStore(reader, result);
      if (operator) result.operator_json = JSON.stringify(operatorReport(operator, earlyExit));
      reader.close();
    }
  }
  result.phases_json = JSON.stringify(clock.phases);
  result.ended_at = new Date().toISOString();
  if (interrupted) return { outcome: 'interrupted', result: { ...result, error: 'interrupted' } };
  if (result.error || !stateAfter) return { outcome: 'infra_error', result: { ...result, outcome: 'infra_error' } };
  const outcome = classifyOutcome({
    baseline: trial.baseline === 1,
    ...evidence,
    healthyAtEnd: stateAfter.health.healthy,
  });
  return { outcome, result: { ...result, outcome } };
}

async function startOperator(
  env: TrialEnvironment,
  variant: Variant,
  slot: Slot,
  storePath: string,
  logPath: string,
  reader: TicketStoreReader,
  logger: Logger,
): Promise<OperatorProcess> {
  const operatorEnv: Record<string, string> = {
    GAUNTLET_SLOT: String(slot.number),
    GAUNTLET_SUBJECT: slot.subject.name,
    GAUNTLET_CAMPAIGN: env.campaignId,
    COMPOSE_PROJECT_NAME: slot.project.name,
    DOCKER_HOST: slot.project.engine.host ?? 'unix:///var/run/docker.sock',
    OPERATOR_DB_PATH: storePath,
    GAUNTLET_VARIANT_FILE: variant.file,
    ...slot.client.operatorEnv(),
  };
  const operator = OperatorProcess.start(variant, operatorEnv, logPath, logger);
  const deadline = Date.now() + env.campaign.timeouts.operator_ready_seconds * 1000;
  while (reader.sessionCount() === 0) {
    if (operator.exit) throw new InfraError(`operator exited before it was ready (exit ${operator.exit.exitCode ?? operator.exit.signal}); see ${logPath}`);
    if (Date.now() >= deadline) {
      logger.warn(`Operator opened no session within ${env.campaign.timeouts.operator_ready_seconds} s; injecting anyway`);
      break;
    }
    await sleep(50);
  }
  return operator;
}

/** Waits for the first ticket opened after the injection, then for its resolution. */
async function watchOperator(
  env: TrialEnvironment,
  clock: PhaseClock,
  reader: TicketStoreReader,
  operator: OperatorProcess | undefined,
  injectedAt: number,
  result: TrialResult,
): Promise<{ detected: boolean; resolved: boolean }> {
  const { detect_seconds, resolve_seconds } = env.campaign.timeouts;
  const stopWaiting = () => env.signal.aborted || operator?.exit !== undefined;
  const ticket = await clock.time('detect', () =>
    pollTicket(reader, (t) => t.firstSeenAt >= injectedAt, injectedAt + detect_seconds * 1000, stopWaiting),
  );
  if (!ticket) return { detected: false, resolved: false };
  result.detected_at = iso(ticket.ticket.firstSeenAt);
  result.detection_seen_at = iso(ticket.seenAt);
  result.time_to_detect_ms = ticket.ticket.firstSeenAt - injectedAt;
  const resolved = await clock.time('resolve', () =>
    pollTicket(
      reader,
      (t) => t.id === ticket.ticket.id && t.status === 'resolved' && t.resolvedAt !== undefined,
      injectedAt + resolve_seconds * 1000,
      stopWaiting,
    ),
  );
  if (!resolved) return { detected: true, resolved: false };
  result.resolved_at = iso(resolved.ticket.resolvedAt!);
  result.time_to_resolve_ms = resolved.ticket.resolvedAt! - injectedAt;
  return { detected: true, resolved: true };
}

async function pollTicket(
  reader: TicketStoreReader,
  match: (t: Ticket) => boolean,
  deadline: number,
  stopWaiting: () => boolean,
): Promise<{ ticket: Ticket; seenAt: number } | undefined> {
  for (;;) {
    const ticket = reader.tickets().find(match);
    if (ticket) return { ticket, seenAt: Date.now() };
    if (Date.now() >= deadline || stopWaiting()) return undefined;
    await sleep(TICKET_POLL_MS);
  }
}

async function waitForSelfHealing(slot: Slot, deadline: number, signal: AbortSignal): Promise<boolean> {
  while (Date.now() < deadline && !signal.aborted) {
    await sleep(BASELINE_POLL_MS);
    if ((await slot.client.health(signal).catch(() => undefined))?.healthy) return true;
  }
  return false;
}

async function cleanUp(
  env: TrialEnvironment,
  clock: PhaseClock,
  chaosType: ChaosType,
  ctx: ChaosContext,
  metadata: ChaosMetadata,
  journalId: number | undefined,
  logger: Logger,
): Promise<void> {
  try {
    await clock.time('cleanup', () => chaosType.cleanup({ ...ctx, signal: undefined }, metadata));
    if (journalId !== undefined) env.db.journalCleaned(journalId);
  } catch (error) {
    logger.error(`Cleanup of ${metadata.type} failed: ${describeError(error)}`);
    if (journalId !== undefined) env.db.journalCleaned(journalId, describeError(error));
  }
}

function recordStore(reader: TicketStoreReader, result: TrialResult): void {
  try {
    result.tickets_json = JSON.stringify(reader.tickets());
    result.commands_json = JSON.stringify(reader.logEntries());
  } catch (error) {
    result.commands_json = JSON.stringify({ error: describeError(error) });
  }
}

/** How the operator ended: on its own before the harness stopped it, or stopped. */
function operatorReport(operator: OperatorProcess, earlyExit: OperatorExit | undefined) {
  return {
    pid: operator.pid,
    exitedEarly: earlyExit !== undefined,
    exitCode: (earlyExit ?? operator.exit)?.exitCode ?? null,
    signal: (earlyExit ?? operator.exit)?.signal ?? null,
    exitedAt: earlyExit ? iso(earlyExit.at) : null,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
