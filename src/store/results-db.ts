import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExitError } from '../exit-error.ts';
import { MIGRATIONS } from './migrations.ts';

export type TrialStatus = 'pending' | 'running' | 'done';

export interface CampaignRow {
  id: string;
  name: string;
  file: string | null;
  config_json: string;
  variant: string;
  seed: number;
  parallel: number;
  status: 'running' | 'finished' | 'interrupted' | 'failed';
  created_at: string;
  finished_at: string | null;
  engine: string | null;
  compose: string | null;
}

export interface TrialSpecRow {
  ordinal: number;
  subject: string;
  chaos_type: string;
  chaos_params_json: string;
  baseline: number;
  seed: number;
}

export interface TrialRow extends TrialSpecRow {
  id: number;
  campaign_id: string;
  status: TrialStatus;
  outcome: string | null;
  attempts: number;
  slot: number | null;
  project: string | null;
  started_at: string | null;
  ended_at: string | null;
  chaos_injected_at: string | null;
  detected_at: string | null;
  detection_seen_at: string | null;
  resolved_at: string | null;
  time_to_detect_ms: number | null;
  time_to_resolve_ms: number | null;
  phases_json: string | null;
  chaos_json: string | null;
  state_before_json: string | null;
  state_after_json: string | null;
  tickets_json: string | null;
  commands_json: string | null;
  operator_json: string | null;
  operator_log: string | null;
  error: string | null;
  notes: string | null;
  /** The client workload's figures (attempted, acknowledged, failed, lost, longest outage). */
  workload_json: string | null;
}

/** What a finished trial writes back; columns not given keep their value. */
export type TrialResult = Partial<Omit<TrialRow, 'id' | 'campaign_id' | keyof TrialSpecRow>>;

export interface JournalEntry {
  id: number;
  campaign_id: string;
  trial_id: number | null;
  subject: string;
  project: string;
  engine_host: string | null;
  chaos_type: string;
  metadata_json: string;
  state: 'planned' | 'cleaned' | 'cleanup_failed';
}

/** What one attempt of a trial records. */
const ATTEMPT_COLUMNS = [
  'outcome', 'ended_at', 'chaos_injected_at', 'detected_at', 'detection_seen_at', 'resolved_at', 'time_to_detect_ms',
  'time_to_resolve_ms', 'phases_json', 'chaos_json', 'state_before_json', 'state_after_json', 'tickets_json',
  'commands_json', 'operator_json', 'operator_log', 'error', 'notes', 'workload_json',
] as const satisfies ReadonlyArray<keyof TrialRow>;

function tablesOf(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

function describeOpenError(path: string, error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB') return `${path} is not a SQLite database; pass another --db`;
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) return `${path} cannot be opened as a database (${message}): a directory, or no permission?`;
  return `${path} cannot be read as a results database: ${message}`;
}

/**
 * Opens a results database, refusing with exit 2 a file that is not SQLite,
 * another program's database or a newer schema. A database nothing was
 * written to yet, opened read-only, is read as one with no campaigns.
 */
function openChecked(path: string, readonly: boolean): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
    db.pragma('busy_timeout = 5000');
    const tables = tablesOf(db);
    if (tables.length > 0 && !tables.includes('campaigns')) {
      throw new ExitError(`${path} is not a Gauntlet results database: it holds the tables ${tables.join(', ')}; pass another --db`, 2);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new ExitError(`${path} was written by a newer Gauntlet (schema ${version}, this one knows ${MIGRATIONS.length})`, 2);
    }
    if (readonly && tables.length === 0) {
      db.close();
      return new Database(':memory:');
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof ExitError) throw error;
    throw new ExitError(describeOpenError(path, error), 2);
  }
}

/** The results database: one writer (the harness), WAL so readers never block it. */
export class ResultsDb {
  readonly db: Database.Database;

  constructor(readonly path: string, options: { readonly?: boolean } = {}) {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
    this.db = openChecked(path, options.readonly ?? false);
    // an in-memory stand-in for an empty database is read-only in spirit but needs the schema
    if (!options.readonly || this.db.memory) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
    }
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    for (let version = current; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  createCampaign(row: Omit<CampaignRow, 'finished_at' | 'status'>, specs: readonly TrialSpecRow[]): void {
    const insertCampaign = this.db.prepare(`
      INSERT INTO campaigns (id, name, file, config_json, variant, seed, parallel, status, created_at, engine, compose)
      VALUES (@id, @name, @file, @config_json, @variant, @seed, @parallel, 'running', @created_at, @engine, @compose)`);
    const insertTrial = this.db.prepare(`
      INSERT INTO trials (campaign_id, ordinal, subject, chaos_type, chaos_params_json, baseline, seed)
      VALUES (@campaign_id, @ordinal, @subject, @chaos_type, @chaos_params_json, @baseline, @seed)`);
    this.db.transaction(() => {
      insertCampaign.run(row);
      for (const spec of specs) insertTrial.run({ ...spec, campaign_id: row.id });
    })();
  }

  campaign(id: string): CampaignRow | undefined {
    return this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
  }

  campaigns(): CampaignRow[] {
    return this.db.prepare('SELECT * FROM campaigns ORDER BY created_at DESC').all() as CampaignRow[];
  }

  setCampaignStatus(id: string, status: CampaignRow['status']): void {
    const finishedAt = status === 'running' ? null : new Date().toISOString();
    this.db.prepare('UPDATE campaigns SET status = ?, finished_at = ? WHERE id = ?').run(status, finishedAt, id);
  }

  trials(campaignId: string): TrialRow[] {
    return this.db.prepare('SELECT * FROM trials WHERE campaign_id = ? ORDER BY ordinal').all(campaignId) as TrialRow[];
  }

  trial(id: number): TrialRow | undefined {
    return this.db.prepare('SELECT * FROM trials WHERE id = ?').get(id) as TrialRow | undefined;
  }

  /** Trials still to run: never started, or started by a run that did not finish them. */
  unfinishedTrials(campaignId: string): TrialRow[] {
    return this.db
      .prepare("SELECT * FROM trials WHERE campaign_id = ? AND status != 'done' ORDER BY ordinal")
      .all(campaignId) as TrialRow[];
  }

  /**
   * Puts trials a killed harness left `running` back to pending, without
   * counting that attempt against their infrastructure retries.
   */
  requeueRunning(campaignId: string): number {
    return this.db
      .prepare("UPDATE trials SET status = 'pending', attempts = max(attempts - 1, 0), error = 'interrupted' WHERE campaign_id = ? AND status = 'running'")
      .run(campaignId).changes;
  }

  /** Starts an attempt: what an earlier, unfinished attempt recorded is cleared. */
  markTrialRunning(id: number, slot: number, project: string): void {
    const cleared = ATTEMPT_COLUMNS.map((c) => `${c} = NULL`).join(', ');
    this.db
      .prepare(`UPDATE trials SET status = 'running', slot = ?, project = ?, started_at = ?, attempts = attempts + 1, ${cleared} WHERE id = ?`)
      .run(slot, project, new Date().toISOString(), id);
  }

  /** Records a trial's result; `done` only when the outcome is final. */
  finishTrial(id: number, result: TrialResult, status: TrialStatus = 'done'): void {
    const columns = Object.keys(result).filter((k) => (result as Record<string, unknown>)[k] !== undefined);
    const assignments = [...columns.map((c) => `${c} = @${c}`), 'status = @status'].join(', ');
    this.db.prepare(`UPDATE trials SET ${assignments} WHERE id = @id`).run({ ...result, status, id });
  }

  /** Written before an injection, so a crashed harness leaves a trail to clean. */
  journalPlanned(entry: Omit<JournalEntry, 'id' | 'state'>): number {
    const info = this.db
      .prepare(`
        INSERT INTO chaos_journal (campaign_id, trial_id, subject, project, engine_host, chaos_type, metadata_json, state, planned_at)
        VALUES (@campaign_id, @trial_id, @subject, @project, @engine_host, @chaos_type, @metadata_json, 'planned', @planned_at)`)
      .run({ ...entry, planned_at: new Date().toISOString() });
    return Number(info.lastInsertRowid);
  }

  journalCleaned(id: number, error?: string): void {
    this.db
      .prepare('UPDATE chaos_journal SET state = ?, cleaned_at = ?, error = ? WHERE id = ?')
      .run(error ? 'cleanup_failed' : 'cleaned', new Date().toISOString(), error ?? null, id);
  }

  openJournal(): JournalEntry[] {
    return this.db.prepare("SELECT * FROM chaos_journal WHERE state != 'cleaned' ORDER BY id").all() as JournalEntry[];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
