import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ComposeProject } from '../compose/compose-project.ts';
import type { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { checkPortsFree, checkProjects, type EngineReport } from '../pool/preflight.ts';
import { checkNetworks } from '../pool/network-preflight.ts';
import { Slot } from '../pool/slot.ts';
import { SubjectPool } from '../pool/subject-pool.ts';
import type { ResetMode } from '../pool/bring-up.ts';
import { planPorts, slotPorts } from '../ports/port-plan.ts';
import type { ResultsDb } from '../store/results-db.ts';
import type { SubjectDefinition } from '../subjects/subject.ts';
import type { Campaign } from './campaign-schema.ts';
import { InputError } from './input-error.ts';

export interface PoolContext {
  db: ResultsDb;
  campaign: Campaign;
  campaignId: string;
  engine: DockerEngine;
  report: EngineReport;
  runDir: string;
  replace: boolean;
  logger: Logger;
  /** How slots reset between trials; the campaign's `reset` unless the run says otherwise. */
  resetMode: ResetMode;
  /** Each subject's image variables, resolved in the run's preflight. */
  images: ReadonlyMap<string, Record<string, string>>;
}

/** Plans the ports of a subject's slots, checks them, and builds (not starts) the pool. */
export async function createPool(ctx: PoolContext, subject: SubjectDefinition, slotCount: number): Promise<SubjectPool> {
  const { campaign, engine } = ctx;
  const numbers = Array.from({ length: slotCount }, (_, i) => campaign.first_slot + i);
  const plan = planPorts(subject.name, subject.ports, numbers, campaign.port_stride);
  if (plan.problems.length > 0) {
    throw new InputError(plan.problems.map((message) => ({ file: campaign.name, path: 'port plan', message })));
  }
  const images = ctx.images.get(subject.name)!;
  const leftovers = await checkProjects(engine, plan.slots, ctx.replace);
  const logger = ctx.logger.child(`pool:${subject.name}`);
  const slotsDir = join(ctx.runDir, 'slots');
  await mkdir(slotsDir, { recursive: true });
  const slots = plan.slots.map((slotPlan) => {
    const project = new ComposeProject(
      engine,
      ctx.report.compose,
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
        GAUNTLET_CAMPAIGN: ctx.campaignId,
        GAUNTLET_SLOT: String(slot.number),
      } as Record<string, string>),
    ),
  );
  if (leftovers.length > 0) {
    logger.info(`Taking down leftover project(s) of an earlier run: ${leftovers.join(', ')}`);
    await Promise.all(slots.filter((s) => leftovers.includes(s.project.name)).map((s) => s.project.down()));
    settleJournal(ctx.db, ctx.campaignId, leftovers);
  }
  await checkNetworks(engine, subject.composeFile, plan.slots, logger);
  await checkPortsFree(plan.slots);
  return new SubjectPool(slots, { healthyTimeoutMs: campaign.timeouts.healthy_seconds * 1000, logger, resetMode: ctx.resetMode });
}

/** Chaos a killed run of this campaign left on projects that are now down went with them. */
export function settleJournal(db: ResultsDb, campaignId: string, projects: readonly string[]): void {
  for (const entry of db.openJournal()) {
    if (entry.campaign_id === campaignId && entry.state === 'planned' && projects.includes(entry.project)) {
      db.journalCleaned(entry.id);
    }
  }
}
