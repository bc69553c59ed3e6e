import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ComposeProject } from '../compose/compose-project.ts';
import { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { seconds } from '../log/logger.ts';
import { loadVariant, type Variant } from '../operator/variant.ts';
import { checkEngine, checkPortsFree, checkProjects, resolveImages, type EngineReport } from '../pool/preflight.ts';
import { Slot } from '../pool/slot.ts';
import { SubjectPool } from '../pool/subject-pool.ts';
import { planPorts, slotPorts } from '../ports/port-plan.ts';
import { describeError } from '../process/run.ts';
import { ResultsDb, type TrialResult, type TrialRow } from '../store/results-db.ts';
import { SUBJECTS } from '../subjects/registry.ts';
import type { SubjectDefinition } from '../subjects/subject.ts';
import { runTrial, type TrialReport } from '../trial/run-trial.ts';
import type { Campaign } from './campaign-schema.ts';
import { InputError } from './input-error.ts';
import { expandMatrix } from './matrix.ts';

export interface CampaignRunOptions {
  dbPath: string;
  logger: Logger;
  /** Aborted on the first interrupt: no new trials, running ones clean up. */
  signal: AbortSignal;
  /** Aborted on a second interrupt: stop waiting for trials, take projects down now. */
  hurry?: AbortSignal;
  keep?: boolean;
  replace?: boolean;
  engine?: DockerEngine;
}

export interface CampaignRunResult {
  campaignId: string;
  interrupted: boolean;
  wallMs: number;
  poolStats: SubjectPool['stats'][];
}

/** Runs a new campaign from a validated file: specs stored as pending first. */
export async function runCampaign(campaign: Campaign, file: string | undefined, options: CampaignRunOptions) {
  const variant = await loadVariant(campaign.variant);
  const engine = options.engine ?? new DockerEngine({ logger: options.logger.child('docker') });
  const report = await checkEngine(engine);
  const db = new ResultsDb(options.dbPath);
  try {
    const id = newCampaignId();
    db.createCampaign(
      {
        id,
        name: campaign.name,
        file: file ? resolve(file) : null,
        config_json: JSON.stringify(campaign),
        variant: variant.name,
        seed: campaign.seed,
        parallel: campaign.parallel,
        created_at: new Date().toISOString(),
        engine: `${engine.host ?? 'local'} ${report.version}`,
        compose: `${report.compose.kind} ${report.compose.version}`,
      },
      expandMatrix(campaign),
    );
    options.logger.info(`Campaign ${id} (${campaign.name}): ${db.trials(id).length} trial(s), parallel ${campaign.parallel}`);
    return await executeCampaign(db, id, campaign, variant, engine, report, options);
  } finally {
    db.close();
  }
}

async function executeCampaign(
  db: ResultsDb,
  campaignId: string,
  campaign: Campaign,
  variant: Variant,
  engine: DockerEngine,
  report: EngineReport,
  options: CampaignRunOptions,
): Promise<CampaignRunResult> {
  const started = Date.now();
  const runDir = join(dirname(resolve(options.dbPath)), 'gauntlet-runs', campaignId);
  const poolStats: SubjectPool['stats'][] = [];
  let failed = true;
  try {
    for (const subjectName of campaign.subjects) {
      if (options.signal.aborted) break;
      const trials = db.unfinishedTrials(campaignId).filter((t) => t.subject === subjectName);
      if (trials.length === 0) continue;
      const subject = SUBJECTS.get(subjectName)!;
      const pool = await createPool(subject, Math.min(campaign.parallel, trials.length), campaign, campaignId, engine, report, runDir, options);
      poolStats.push(pool.stats);
      try {
        await pool.start(options.signal);
        await runTrials(db, campaignId, campaign, variant, pool, trials, runDir, options);
      } finally {
        await pool.shutdown({ keep: options.keep });
      }
    }
    failed = false;
  } finally {
    const interrupted = options.signal.aborted;
    db.setCampaignStatus(campaignId, interrupted ? 'interrupted' : failed ? 'failed' : 'finished');
  }
  return { campaignId, interrupted: options.signal.aborted, wallMs: Date.now() - started, poolStats };
}

async function createPool(
  subject: SubjectDefinition,
  slotCount: number,
  campaign: Campaign,
  campaignId: string,
  engine: DockerEngine,
  report: EngineReport,
  runDir: string,
  options: CampaignRunOptions,
): Promise<SubjectPool> {
  const numbers = Array.from({ length: slotCount }, (_, i) => campaign.first_slot + i);
  const plan = planPorts(subject.name, subject.ports, numbers, campaign.port_stride);
  if (plan.problems.length > 0) {
    throw new InputError(plan.problems.map((message) => ({ file: campaign.name, path: 'port plan', message })));
  }
  const images = await resolveImages(engine, subject.images);
  const leftovers = await checkProjects(engine, plan.slots, options.replace ?? false);
  const logger = options.logger.child(`pool:${subject.name}`);
  const slotsDir = join(runDir, 'slots');
  await mkdir(slotsDir, { recursive: true });
  const slots = plan.slots.map((slotPlan) => {
    const project = new ComposeProject(
      engine,
      report.compose,
      { project: slotPlan.project, file: subject.composeFile, envFile: join(slotsDir, `${slotPlan.project}.env`) },
      logger,
    );
    return new Slot(subject, slotPlan, project, subject.connect(slotPorts(slotPlan), project));
  });
  await Promise.all(
    slots.map((slot) =>
      slot.project.writeEnvFile({
        ...images,
        ...slotPorts(slot.plan),
        GAUNTLET_CAMPAIGN: campaignId,
        GAUNTLET_SLOT: String(slot.number),
      } as Record<string, string>),
    ),
  );
  if (leftovers.length > 0) {
    logger.info(`Taking down leftover project(s) of an earlier run: ${leftovers.join(', ')}`);
    await Promise.all(slots.filter((s) => leftovers.includes(s.project.name)).map((s) => s.project.down()));
  }
  await checkPortsFree(plan.slots);
  return new SubjectPool(slots, { healthyTimeoutMs: campaign.timeouts.healthy_seconds * 1000, logger });
}

/** Workers take trials in order, each on a slot acquired from the pool. */
async function runTrials(
  db: ResultsDb,
  campaignId: string,
  campaign: Campaign,
  variant: Variant,
  pool: SubjectPool,
  trials: TrialRow[],
  runDir: string,
  options: CampaignRunOptions,
): Promise<void> {
  const queue = [...trials];
  const total = db.trials(campaignId).length;
  const logger = options.logger;
  const worker = async () => {
    for (let trial = queue.shift(); trial && !options.signal.aborted; trial = queue.shift()) {
      let slot: Slot;
      try {
        slot = await pool.acquire(options.signal);
      } catch (error) {
        queue.unshift(trial);
        if (options.signal.aborted) return;
        throw error;
      }
      db.markTrialRunning(trial.id, slot.number, slot.project.name);
      const attempt = trial.attempts + 1;
      const { outcome, result } = await runTrial(
        { db, campaignId, campaign, variant: trial.baseline ? undefined : variant, runDir, logger, signal: options.signal },
        trial,
        slot,
      ).catch((error: unknown): TrialReport => ({
        outcome: 'infra_error',
        result: { outcome: 'infra_error', error: `harness error: ${describeError(error)}` },
      }));
      if (outcome === 'interrupted') {
        db.finishTrial(trial.id, result, 'pending');
      } else if (outcome === 'infra_error' && attempt <= campaign.infra_retries) {
        logger.warn(`Trial ${trial.ordinal} hit an infrastructure error (attempt ${attempt}); retrying: ${result.error}`);
        db.finishTrial(trial.id, { ...result, outcome: null }, 'pending');
        queue.push({ ...trial, attempts: attempt });
      } else {
        db.finishTrial(trial.id, result);
        const done = db.trials(campaignId).filter((t) => t.status === 'done').length;
        logger.info(`Trial ${trial.ordinal} (${trial.chaos_type}${trial.baseline ? ', baseline' : ''}) on slot ${slot.number}: ${outcome}${timing(result)} [${done}/${total}]`);
      }
      if (campaign.cooldown_seconds > 0 && !options.signal.aborted) {
        await sleep(campaign.cooldown_seconds * 1000, undefined, { signal: options.signal }).catch(() => {});
      }
      pool.release(slot, { expectMore: queue.length > 0 });
    }
  };
  const workers = Promise.all(Array.from({ length: pool.slots.length }, worker));
  if (!options.hurry) return void (await workers);
  const hurried = new Promise<void>((done) => options.hurry!.addEventListener('abort', () => done(), { once: true }));
  await Promise.race([workers, hurried]);
}

function timing(result: TrialResult): string {
  const parts = [];
  if (result.time_to_detect_ms != null) parts.push(`detect ${seconds(result.time_to_detect_ms)}`);
  if (result.time_to_resolve_ms != null) parts.push(`resolve ${seconds(result.time_to_resolve_ms)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function newCampaignId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
