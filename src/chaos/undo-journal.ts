import { existsSync } from 'node:fs';
import { ComposeProject } from '../compose/compose-project.ts';
import { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../process/run.ts';
import { ResultsDb, type JournalEntry } from '../store/results-db.ts';
import { SUBJECTS } from '../subjects/registry.ts';
import type { SubjectClient } from '../subjects/subject.ts';
import type { ChaosContext, ChaosMetadata } from './chaos-type.ts';
import { Random } from './random.ts';
import { CHAOS_TYPES } from './registry.ts';

export interface UndoOutcome {
  id: number;
  chaosType: string;
  project: string;
  target: string;
  cleaned: boolean;
  error?: string;
}

/**
 * Undoes every open journal entry of a results database, newest first (a
 * pause injected after a partition is undone before it). One failed cleanup
 * is recorded and never stops the others.
 */
export async function undoOpenJournal(
  db: ResultsDb,
  logger: Logger,
  include: (entry: JournalEntry) => boolean = () => true,
): Promise<UndoOutcome[]> {
  const engines = new Map<string, DockerEngine>();
  const outcomes: UndoOutcome[] = [];
  for (const entry of db.openJournal().filter(include).reverse()) {
    const host = entry.engine_host ?? '';
    if (!engines.has(host)) engines.set(host, new DockerEngine({ host: entry.engine_host ?? undefined, logger: logger.child('docker') }));
    const outcome = await undoEntry(entry, engines.get(host)!, logger);
    db.journalCleaned(entry.id, outcome.error);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function undoEntry(entry: JournalEntry, engine: DockerEngine, logger: Logger): Promise<UndoOutcome> {
  let metadata: ChaosMetadata | undefined;
  const outcome: UndoOutcome = { id: entry.id, chaosType: entry.chaos_type, project: entry.project, target: '?', cleaned: false };
  try {
    metadata = JSON.parse(entry.metadata_json) as ChaosMetadata;
    outcome.target = metadata.target?.service ?? '?';
    const chaos = CHAOS_TYPES.get(entry.chaos_type);
    if (!chaos) throw new Error(`unknown chaos type ${entry.chaos_type}`);
    await chaos.cleanup(contextFor(entry, engine, logger), metadata);
    outcome.cleaned = true;
    logger.info(`Cleaned ${entry.chaos_type} on ${outcome.target} in ${entry.project} (journal entry ${entry.id})`);
  } catch (error) {
    outcome.error = describeError(error);
    logger.error(`Could not clean ${entry.chaos_type} on ${outcome.target} in ${entry.project}: ${outcome.error}`);
  }
  return outcome;
}

/**
 * A context for cleanup only: cleanups find their target by the project's
 * labels and never talk to the subject, so there is no client to give.
 */
function contextFor(entry: JournalEntry, engine: DockerEngine, logger: Logger): ChaosContext {
  const subject = SUBJECTS.get(entry.subject);
  if (!subject) throw new Error(`unknown subject ${entry.subject}`);
  const project = new ComposeProject(
    engine,
    { kind: 'v1', version: 'unknown' },
    { project: entry.project, file: subject.composeFile, envFile: '' },
    logger,
  );
  return { project, subject, client: NO_CLIENT, random: new Random(0), logger };
}

const noConnection = async (): Promise<never> => {
  throw new Error('a cleanup after a crash has no connection to the subject (its ports are not recorded)');
};

const NO_CLIENT: SubjectClient = {
  health: noConnection,
  capture: noConnection,
  leaderService: noConnection,
  operatorEnv: () => ({}),
};

/** One line for `gauntlet run` to warn with when a crashed harness left injections behind. */
export function openJournalWarning(db: ResultsDb, dbPath: string): string | undefined {
  const open = db.openJournal();
  if (open.length === 0) return undefined;
  const list = open.slice(0, 5).map((e) => `${e.chaos_type} in ${e.project}`).join(', ');
  return (
    `${dbPath} has ${open.length} chaos injection(s) that were never cleaned up (${list}${open.length > 5 ? ', ...' : ''}); ` +
    `a harness probably crashed. Run \`gauntlet cleanup --db ${dbPath}\` to undo them and take orphaned projects down.`
  );
}

/** Warns at the start of a run when the database holds injections a crashed harness left open. */
export function warnAboutOpenJournal(dbPath: string, logger: Logger): void {
  if (!existsSync(dbPath)) return;
  const db = new ResultsDb(dbPath, { readonly: true });
  try {
    const warning = openJournalWarning(db, dbPath);
    if (warning) logger.warn(warning);
  } catch (error) {
    logger.debug(`Could not read the chaos journal of ${dbPath}: ${describeError(error)}`);
  } finally {
    db.close();
  }
}
