import { setMaxListeners } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ChaosType } from '../chaos/chaos-type.ts';
import { CHAOS_TYPES } from '../chaos/registry.ts';
import { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { killOrphanOperators } from '../operator/operator-process.ts';
import { loadVariant, type Variant } from '../operator/variant.ts';
import { checkEngine, PreflightError, resolveImages, type EngineReport } from '../pool/preflight.ts';
import { chaosPreflight } from '../chaos/preflight.ts';
import { listSlotProjects, removeSlotProjects } from '../pool/slot-inventory.ts';
import { poolSize, type SubjectPool } from '../pool/subject-pool.ts';
import { ResultsDb } from '../store/results-db.ts';
import { SUBJECTS } from '../subjects/registry.ts';
import { campaignSchema, chaosSpecs, type Campaign } from './campaign-schema.ts';
import { createPool, settleJournal } from './campaign-pool.ts';
import { claimRun } from './harness-lock.ts';
import { InputError } from './input-error.ts';
import { expandMatrix } from './matrix.ts';
import { checkOperatorMode, createOperatorSupply, redactorFor, writeVariantCopy, type OperatorMode } from './operator-setup.ts';
import { LogProgress, type ProgressListener } from './progress.ts';
import { runTrials } from './trial-workers.ts';

export interface CampaignRunOptions extends OperatorMode {
  dbPath: string;
  logger: Logger;
  /** Aborted on the first interrupt: no new trials, running ones clean up. */
  signal: AbortSignal;
  /** Aborted on a second interrupt: stop waiting for trials, take projects down now. */
  hurry?: AbortSignal;
  keep?: boolean;
  replace?: boolean;
  engine?: DockerEngine;
  /** Where variant files are looked up (default: the project's variants/). */
  variantsDir?: string;
  /** The chaos types trials can name (default: the built-in catalogue). */
  chaosTypes?: ReadonlyMap<string, ChaosType>;
  progress?: ProgressListener;
}

export interface CampaignRunResult {
  campaignId: string;
  interrupted: boolean;
  wallMs: number;
  poolStats: SubjectPool['stats'][];
  /** Trials a killed earlier run left running, put back to pending by a resume. */
  requeued: number;
}

interface PreparedRun {
  /** Each subject's image variables, resolved once before anything starts. */
  images: ReadonlyMap<string, Record<string, string>>;
  db: ResultsDb;
  campaignId: string;
  campaign: Campaign;
  variant: Variant;
  engine: DockerEngine;
  report: EngineReport;
  requeued: number;
}

/** Runs a new campaign from a validated file: specs stored as pending first. */
export async function runCampaign(campaign: Campaign, file: string | undefined, options: CampaignRunOptions): Promise<CampaignRunResult> {
  const variant = await loadVariant(campaign.variant, options.variantsDir);
  checkOperatorMode(campaign, variant, options, file ?? campaign.name);
  const engine = options.engine ?? new DockerEngine({ logger: options.logger.child('docker') });
  const report = await checkEngine(engine);
  // every subject's images before the campaign is recorded: a run that cannot start leaves no trace
  const found = await subjectImages(engine, campaign.subjects);
  const problems = [...(await chaosPreflight(engine, chaosSpecs(campaign).map((c) => c.type))), ...found.problems];
  if (problems.length > 0) throw new PreflightError(problems);
  const db = new ResultsDb(options.dbPath);
  try {
    const campaignId = newCampaignId();
    db.createCampaign(
      {
        id: campaignId,
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
    options.logger.info(`Campaign ${campaignId} (${campaign.name}): ${db.trials(campaignId).length} trial(s), parallel ${campaign.parallel}`);
    return await executeCampaign({ db, campaignId, campaign, variant, engine, report, images: found.images, requeued: 0 }, options);
  } finally {
    db.close();
  }
}

/**
 * Runs what a campaign has left: pending trials and those a killed run left
 * running. Finished trials are never run again.
 */
export async function resumeCampaign(campaignId: string, options: CampaignRunOptions): Promise<CampaignRunResult> {
  const db = new ResultsDb(options.dbPath);
  try {
    const row = db.campaign(campaignId);
    if (!row) {
      const known = db.campaigns().slice(0, 10).map((c) => `${c.id} (${c.name}, ${c.status})`);
      throw new InputError([{ file: options.dbPath, path: 'campaign', message: `no campaign ${campaignId}; recent: ${known.join(', ') || 'none'}` }]);
    }
    const campaign = campaignSchema.parse(JSON.parse(row.config_json));
    const variant = await loadVariant(campaign.variant, options.variantsDir);
    checkOperatorMode(campaign, variant, options, row.file ?? campaign.name);
    const engine = options.engine ?? new DockerEngine({ logger: options.logger.child('docker') });
    const report = await checkEngine(engine);
    const found = await subjectImages(engine, campaign.subjects);
    if (found.problems.length > 0) throw new PreflightError(found.problems);
    const runDir = campaignRunDir(options.dbPath, campaignId);
    await claimRun(runDir, campaignId);
    const killed = await killOrphanOperators(runDir, campaignId);
    if (killed.length > 0) options.logger.info(`Stopped ${killed.length} operator(s) the earlier run left behind`);
    await removeLeftoverProjects(db, engine, campaignId, options.logger);
    const requeued = db.requeueRunning(campaignId);
    const left = db.unfinishedTrials(campaignId).length;
    options.logger.info(`Resuming campaign ${campaignId} (${campaign.name}): ${left} trial(s) left, ${requeued} of them interrupted`);
    db.setCampaignStatus(campaignId, 'running');
    return await executeCampaign({ db, campaignId, campaign, variant, engine, report, images: found.images, requeued }, options);
  } finally {
    db.close();
  }
}

async function executeCampaign(run: PreparedRun, options: CampaignRunOptions): Promise<CampaignRunResult> {
  const { db, campaignId, campaign, variant } = run;
  const started = Date.now();
  // every running trial's requests and commands listen on these at once
  setMaxListeners(0, options.signal, ...(options.hurry ? [options.hurry] : []));
  const runDir = campaignRunDir(options.dbPath, campaignId);
  await mkdir(runDir, { recursive: true });
  const release = await claimRun(runDir, campaignId);
  const redactor = redactorFor(variant);
  await writeVariantCopy(variant, runDir, redactor);
  const operators = createOperatorSupply(campaign, variant, options, { campaignId, runDir, redactor, logger: options.logger });
  const progress = options.progress ?? new LogProgress(options.logger.child('progress'));
  const all = db.trials(campaignId);
  const done = all.filter((t) => t.status === 'done');
  progress.start({ total: all.length, done: done.length, successes: done.filter((t) => t.outcome === 'success' || t.outcome === 'self_healed').length });
  const poolStats: SubjectPool['stats'][] = [];
  // an operator we do not run may start members while a recycle empties their data
  const resetMode = operators.kind === 'external' ? 'full' : campaign.reset;
  if (resetMode !== campaign.reset) options.logger.warn('reset: recycle needs the operators the harness runs; with --operator-running every reset is full');
  const poolCtx = { db, campaign, campaignId, engine: run.engine, report: run.report, runDir, replace: options.replace ?? false, logger: options.logger, resetMode, images: run.images };
  let failed = true;
  try {
    for (const subjectName of campaign.subjects) {
      if (options.signal.aborted) break;
      const trials = db.unfinishedTrials(campaignId).filter((t) => t.subject === subjectName);
      if (trials.length === 0) continue;
      const parallel = Math.min(campaign.parallel, trials.length);
      // a user-run operator watches the slots it was told about: no spare slot beside them
      const slots = operators.kind === 'external' ? parallel : poolSize(parallel, trials.length, campaign.spare_slots);
      const pool = await createPool(poolCtx, SUBJECTS.get(subjectName)!, slots);
      poolStats.push(pool.stats);
      try {
        await pool.start(options.signal);
        const trialEnv = { db, campaignId, campaign, operators, chaosTypes: options.chaosTypes ?? CHAOS_TYPES, redactor, runDir, logger: options.logger, signal: options.signal };
        await runTrials(
          { db, trialEnv, pool, parallel, infraRetries: campaign.infra_retries, cooldownMs: campaign.cooldown_seconds * 1000, progress, logger: options.logger, signal: options.signal, hurry: options.hurry },
          trials,
        );
      } finally {
        await operators.shutdown();
        await pool.shutdown({ keep: options.keep });
      }
    }
    failed = false;
  } finally {
    progress.stop();
    const interrupted = options.signal.aborted;
    db.setCampaignStatus(campaignId, interrupted ? 'interrupted' : failed ? 'failed' : 'finished');
    await release();
  }
  return { campaignId, interrupted: options.signal.aborted, wallMs: Date.now() - started, poolStats, requeued: run.requeued };
}

/**
 * Every project the earlier run of this campaign left, whatever slots this
 * run will use (a smaller pool would not see the others); their chaos went
 * with them.
 */
async function removeLeftoverProjects(db: ResultsDb, engine: DockerEngine, campaignId: string, logger: Logger): Promise<void> {
  const projects = (await listSlotProjects(engine, { campaign: campaignId })).map((p) => p.project);
  if (projects.length === 0) return;
  logger.info(`Taking down ${projects.length} project(s) the earlier run left: ${projects.join(', ')}`);
  await removeSlotProjects(engine, projects, logger);
  settleJournal(db, campaignId, projects);
}

/** Ticket stores, operator logs and chaos metadata live here, next to the database. */
/** Each subject's image variables, or every problem finding them. */
async function subjectImages(engine: DockerEngine, subjects: readonly string[]) {
  const images = new Map<string, Record<string, string>>();
  const problems: string[] = [];
  for (const name of subjects) {
    try {
      images.set(name, await resolveImages(engine, SUBJECTS.get(name)!.images));
    } catch (error) {
      if (!(error instanceof PreflightError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { images, problems };
}

export function campaignRunDir(dbPath: string, campaignId: string): string {
  return join(dirname(resolve(dbPath)), 'gauntlet-runs', campaignId);
}

function newCampaignId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
