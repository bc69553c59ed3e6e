import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { Campaign } from '../campaign/campaign-schema.ts';
import type { ChaosContext, ChaosType } from '../chaos/chaos-type.ts';
import { Random } from '../chaos/random.ts';
import type { Logger } from '../log/logger.ts';
import type { Redactor } from '../operator/secrets.ts';
import type { Slot } from '../pool/slot.ts';
import { describeError } from '../process/run.ts';
import type { ResultsDb, TrialResult, TrialRow } from '../store/results-db.ts';
import type { SubjectState } from '../subjects/subject.ts';
import { injectChaos, InfraError, waitForSelfHealing, type Injection } from './inject.ts';
import { describeExit, type OperatorSupply, type TrialOperator } from './operator-supply.ts';
import { classifyOutcome, type Outcome } from './outcome.ts';
import { PhaseClock, type PhaseName } from './phases.ts';
import { finishTrialWorkload, startTrialWorkload, withDataLoss, type WorkloadOutcome } from '../workload/trial-workload.ts';
import type { Workload } from '../workload/workload.ts';
import { iso, watchTickets, type TicketEvidence } from './watch-tickets.ts';

export interface TrialEnvironment {
  db: ResultsDb;
  campaignId: string;
  campaign: Campaign;
  operators: OperatorSupply;
  chaosTypes: ReadonlyMap<string, ChaosType>;
  redactor: Redactor;
  runDir: string;
  logger: Logger;
  /** Aborted on interrupt: the trial stops waiting, cleans up and is left to resume. */
  signal: AbortSignal;
  onPhase?: (phase: PhaseName) => void;
}

export interface TrialReport {
  outcome: Outcome | 'interrupted';
  result: TrialResult;
}

/** Failures in these phases are the infrastructure's, never the operator's. */
const INFRA_PHASES: ReadonlySet<string> = new Set(['healthy', 'operator_start', 'capture_before', 'inject']);

/** One trial on one acquired slot: operator, capture, inject, wait, capture, clean up. */
export async function runTrial(env: TrialEnvironment, trial: TrialRow, slot: Slot): Promise<TrialReport> {
  const clock = new PhaseClock(env.onPhase);
  const logger = env.logger.child(`trial ${trial.ordinal}`);
  const dir = join(env.runDir, `trial-${String(trial.ordinal).padStart(4, '0')}`);
  await mkdir(dir, { recursive: true });
  const chaosType = env.chaosTypes.get(trial.chaos_type);
  const chaosCtx: ChaosContext = {
    project: slot.project,
    subject: slot.subject,
    client: slot.client,
    random: new Random(trial.seed),
    logger,
    signal: env.signal,
  };
  const result: TrialResult = {};
  const notes: string[] = [];
  let operator: TrialOperator | undefined;
  const chaos: { injection?: Injection; at?: number; lastTicketBefore?: number } = {};
  let stateAfter: SubjectState | undefined;
  let evidence: TicketEvidence = { detected: false, resolved: false };
  let workload: Workload | undefined;
  let workloadOutcome: WorkloadOutcome | undefined;
  try {
    await clock.time('healthy', async () => {
      const health = await slot.client.health(env.signal);
      if (!health.healthy) throw new InfraError(`slot not healthy before the trial: ${health.problems.join('; ')}`);
    });
    operator = await clock.time('operator_start', () => env.operators.begin(slot, dir, trial.baseline === 1));
    if (operator?.notReady && !operator.process?.exit) notes.push(operator.notReady);
    result.operator_log = operator?.logPath;
    const before = await clock.time('capture_before', () => slot.client.capture(env.signal));
    result.state_before_json = JSON.stringify(before);
    if (!chaosType) throw new InfraError(`unknown chaos type ${trial.chaos_type}`);
    workload = startTrialWorkload(env.campaign.workload, slot.client, `gauntlet/workload/${env.campaignId}/${trial.ordinal}/`);
    const injectedAt = await clock.time('inject', () =>
      injectChaos(env, trial, slot, chaosType, chaosCtx, result, (injection) => {
        chaos.injection = injection;
        chaos.lastTicketBefore = operator?.reader.lastTicketId();
      }),
    );
    chaos.at = injectedAt;
    result.chaos_injected_at = iso(injectedAt);
    const { detect_seconds, resolve_seconds } = env.campaign.timeouts;
    if (operator) {
      const process = operator.process;
      evidence = await watchTickets(
        {
          reader: operator.reader,
          injectedAt,
          lastTicketBefore: chaos.lastTicketBefore ?? 0,
          detectDeadline: injectedAt + detect_seconds * 1000,
          resolveDeadline: injectedAt + resolve_seconds * 1000,
          stopWaiting: () => env.signal.aborted || process?.exit !== undefined,
        },
        clock,
        result,
        notes,
      );
    } else {
      const deadline = injectedAt + resolve_seconds * 1000;
      evidence.resolved = await clock.time('resolve', () => waitForSelfHealing(slot, deadline, env.signal));
    }
    stateAfter = await clock.time('capture_after', () => finalCapture(slot, notes));
    result.state_after_json = JSON.stringify(stateAfter);
    if (workload) {
      const running = workload;
      workloadOutcome = await clock.time('workload_check', () => finishTrialWorkload(running, logger));
      result.workload_json = JSON.stringify(workloadOutcome);
    }
  } catch (error) {
    if (!env.signal.aborted) {
      const infra = error instanceof InfraError || INFRA_PHASES.has(clock.current ?? '');
      result.error = `${infra ? '' : 'harness error: '}${describeError(error)}`;
      logger.warn(`Trial failed in ${clock.current}: ${result.error}`);
    }
  } finally {
    if (workload && !workloadOutcome) await workload.stop().catch(() => {});
    if (operator) await finishOperator(env, clock, operator, chaos.at, result, notes);
    if (chaos.injection && chaosType) await cleanUp(env, clock, chaosType, chaosCtx, chaos.injection, logger);
  }
  result.phases_json = JSON.stringify(clock.phases);
  result.ended_at = new Date().toISOString();
  result.notes = notes.length > 0 ? notes.join('; ') : undefined;
  if (env.signal.aborted) return { outcome: 'interrupted', result: { ...result, error: 'interrupted' } };
  if (result.error || !stateAfter) return { outcome: 'infra_error', result: { ...result, outcome: 'infra_error' } };
  const scored = classifyOutcome({ baseline: trial.baseline === 1, ...evidence, healthyAtEnd: stateAfter.health.healthy });
  const outcome = withDataLoss(scored, workloadOutcome);
  return { outcome, result: { ...result, outcome } };
}

const CAPTURE_TRIES = 3;
const CAPTURE_RETRY_MS = 1_000;

/**
 * The state that decides the outcome. A member that did not answer in time
 * says nothing about its health (the machine may just be busy), so only that
 * case is asked again, a few times; anything else counts at once.
 */
async function finalCapture(slot: Slot, notes: string[]): Promise<SubjectState> {
  for (let attempt = 1; ; attempt++) {
    const state = await slot.client.capture();
    const inconclusive = !state.health.healthy && state.health.problems.every((p) => /timed out|timeout/i.test(p));
    if (!inconclusive || attempt === CAPTURE_TRIES) return state;
    notes.push(`final capture asked again: ${state.health.problems.join('; ')}`);
    await sleep(CAPTURE_RETRY_MS);
  }
}

/** Records the store and how the operator ended: on its own during the trial, or stopped after it. */
async function finishOperator(
  env: TrialEnvironment,
  clock: PhaseClock,
  operator: TrialOperator,
  injectedAt: number | undefined,
  result: TrialResult,
  notes: string[],
): Promise<void> {
  const early = operator.process?.exit;
  if (early) {
    const after =
      injectedAt === undefined || early.at < injectedAt ? 'before the injection' : `${((early.at - injectedAt) / 1000).toFixed(1)} s after the injection`;
    notes.push(`operator exited early (${describeExit(early)}) ${after}${operator.logPath ? `; see ${operator.logPath}` : ''}`);
  }
  await clock.time('operator_stop', () => env.operators.end(operator)).catch((error: unknown) => {
    env.logger.warn(`Could not stop the operator: ${describeError(error)}`);
  });
  try {
    const tickets = operator.reader.tickets().filter((t) => t.firstSeenAt >= operator.since);
    const commands = operator.reader.logEntries().filter((c) => c.timestamp >= operator.since);
    result.tickets_json = env.redactor.redact(JSON.stringify(tickets));
    result.commands_json = env.redactor.redact(JSON.stringify(commands));
  } catch (error) {
    result.commands_json = JSON.stringify({ error: describeError(error) });
  } finally {
    operator.reader.close();
  }
  const process = operator.process;
  if (process) {
    const exit = early ?? process.exit;
    result.operator_json = JSON.stringify({
      supply: env.operators.kind,
      pid: process.pid ?? null,
      exitedEarly: early !== undefined,
      exitCode: exit?.exitCode ?? null,
      signal: exit?.signal ?? null,
      exitedAt: early ? iso(early.at) : null,
    });
  } else {
    result.operator_json = JSON.stringify({ supply: env.operators.kind, store: operator.storePath });
  }
}

async function cleanUp(
  env: TrialEnvironment,
  clock: PhaseClock,
  chaosType: ChaosType,
  ctx: ChaosContext,
  injection: Injection,
  logger: Logger,
): Promise<void> {
  try {
    await clock.time('cleanup', () => chaosType.cleanup({ ...ctx, signal: undefined }, injection.metadata));
    env.db.journalCleaned(injection.journalId);
  } catch (error) {
    logger.error(`Cleanup of ${injection.metadata.type} failed: ${describeError(error)}`);
    env.db.journalCleaned(injection.journalId, describeError(error));
  }
}
