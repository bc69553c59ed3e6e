import { existsSync } from 'node:fs';
import { managedProjects, takeDownByLabels, type ManagedProject } from '../chaos/orphan-projects.ts';
import { undoOpenJournal, type UndoOutcome } from '../chaos/undo-journal.ts';
import { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../process/run.ts';
import { ResultsDb } from '../store/results-db.ts';
import { liveHarness } from '../campaign/harness-lock.ts';
import { campaignRunDir } from '../campaign/run-campaign.ts';
import { ExitError } from '../exit-error.ts';
import { printJson, table } from './output.ts';

export interface CleanupOptions {
  db: string;
  json?: boolean;
  /** Undo the journal only; leave every project running. */
  journalOnly?: boolean;
  /** Take down every project with our labels, not only those of this database's crashed campaigns. */
  all?: boolean;
}

interface ProjectOutcome {
  project: string;
  campaign: string;
  action: 'taken_down' | 'failed' | 'left_alone';
  detail: string;
}

/** A campaign marked running whose harness still lives: cleanup touches none of it. */
interface LiveCampaign {
  campaign: string;
  pid: number;
  openInjections: number;
}

/**
 * Repairs what a killed harness left: undoes every open chaos injection of
 * the database, then takes down the projects of its campaigns that are still
 * marked running whose harness is gone. A campaign whose harness still runs
 * (its run directory's lock names a live process) is left entirely alone.
 */
export async function cleanupCommand(options: CleanupOptions, logger: Logger): Promise<number> {
  if (!existsSync(options.db)) throw new ExitError(`no results database at ${options.db}`, 2);
  const db = new ResultsDb(options.db);
  try {
    const marked = db.campaigns().filter((c) => c.status === 'running');
    const open = db.openJournal();
    const live: LiveCampaign[] = [];
    for (const c of marked) {
      const pid = await liveHarness(campaignRunDir(options.db, c.id));
      if (pid !== undefined) live.push({ campaign: c.id, pid, openInjections: open.filter((e) => e.campaign_id === c.id).length });
    }
    const isLive = (campaign: string) => live.some((l) => l.campaign === campaign);
    const undone = await undoOpenJournal(db, logger, (entry) => !isLive(entry.campaign_id));
    const crashed = new Set(marked.map((c) => c.id).filter((id) => !isLive(id)));
    const projects = options.journalOnly ? [] : await sweepProjects(crashed, live, options.all ?? false, logger);
    report(undone, projects, live, options.json ?? false);
    return undone.every((u) => u.cleaned) && projects.every((p) => p.action !== 'failed') ? 0 : 1;
  } finally {
    db.close();
  }
}

async function sweepProjects(
  crashed: ReadonlySet<string>,
  live: readonly LiveCampaign[],
  all: boolean,
  logger: Logger,
): Promise<ProjectOutcome[]> {
  const engine = new DockerEngine({ logger: logger.child('docker') });
  const outcomes: ProjectOutcome[] = [];
  for (const project of await managedProjects(engine)) {
    const running = live.find((l) => l.campaign === project.campaign);
    if (running) {
      outcomes.push(outcome(project, 'left_alone', `its campaign's harness (pid ${running.pid}) is running`));
      continue;
    }
    const orphaned = all || crashed.has(project.campaign);
    if (!orphaned) {
      outcomes.push(outcome(project, 'left_alone', project.campaign ? 'its campaign is not a crashed one of this database' : 'no campaign label'));
      continue;
    }
    try {
      await takeDownByLabels(engine, project, logger);
      outcomes.push(outcome(project, 'taken_down', `${project.containers.length} container(s)`));
    } catch (error) {
      outcomes.push(outcome(project, 'failed', describeError(error)));
      logger.error(`Could not take ${project.project} down: ${describeError(error)}`);
    }
  }
  return outcomes;
}

function outcome(project: ManagedProject, action: ProjectOutcome['action'], detail: string): ProjectOutcome {
  return { project: project.project, campaign: project.campaign, action, detail };
}

function report(undone: UndoOutcome[], projects: ProjectOutcome[], live: LiveCampaign[], json: boolean): void {
  if (json) return printJson({ journal: undone, projects, running: live });
  for (const l of live) {
    process.stdout.write(`Campaign ${l.campaign} is running (harness pid ${l.pid}): left its ${l.openInjections} open injection(s) and its projects alone.\n`);
  }
  const journalRows = undone.map((u) => [u.id, u.chaosType, u.project, u.target, u.cleaned ? 'cleaned' : 'failed', u.error ?? '']);
  process.stdout.write(
    undone.length === 0
      ? 'No open chaos injections.\n'
      : `${table(['entry', 'chaos', 'project', 'target', 'result', 'error'], journalRows)}\n`,
  );
  if (projects.length > 0) {
    process.stdout.write(`${table(['project', 'campaign', 'action', 'detail'], projects.map((p) => [p.project, p.campaign, p.action, p.detail]))}\n`);
  }
}
