import Database from 'better-sqlite3';

export type TicketStatus = 'open' | 'acknowledged' | 'diagnosed' | 'resolved' | 'escalated';

export interface Ticket {
  id: number;
  firstSeenAt: number;
  resolvedAt: number | undefined;
  status: TicketStatus;
  summary: string;
}

export interface AgentLogEntry {
  id: number;
  sessionId: number | undefined;
  timestamp: number;
  entryType: string;
  toolName: string | undefined;
  toolParams: string | undefined;
  exitCode: number | undefined;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  first_seen_at TEXT NOT NULL,
  resolved_at TEXT,
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'acknowledged', 'diagnosed', 'resolved', 'escalated')),
  summary TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS agent_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  variant TEXT,
  model TEXT
);
CREATE TABLE IF NOT EXISTS agent_log_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER REFERENCES agent_sessions(id),
  timestamp TEXT NOT NULL,
  entry_type TEXT NOT NULL,
  tool_name TEXT,
  tool_params TEXT,
  exit_code INTEGER,
  output TEXT
);
`;

const BUSY_TIMEOUT_MS = 2_000;

/** Creates the ticket store's schema; the harness does this before the operator starts. */
export function createTicketStore(path: string): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
  } finally {
    db.close();
  }
}

/**
 * Timestamps in the store are ISO 8601. One without an offset is UTC: an
 * operator that writes `2026-01-01 10:00:00` means UTC, whatever the TZ of the
 * machine reading it.
 */
export function parseStoreTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim().replace(' ', 'T');
  const hasOffset = /([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed);
  const ms = Date.parse(hasOffset ? trimmed : `${trimmed}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

interface TicketRow {
  id: number;
  first_seen_at: string;
  resolved_at: string | null;
  status: TicketStatus;
  summary: string;
}

interface LogRow {
  id: number;
  session_id: number | null;
  timestamp: string;
  entry_type: string;
  tool_name: string | null;
  tool_params: string | null;
  exit_code: number | null;
}

/**
 * Reads the store while the operator writes it. Each read is one statement
 * in autocommit mode, so no snapshot is held between polls; SQLITE_BUSY gets a
 * bounded retry through busy_timeout.
 */
export class TicketStoreReader {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { fileMustExist: true });
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }

  tickets(): Ticket[] {
    const rows = this.db.prepare('SELECT id, first_seen_at, resolved_at, status, summary FROM tickets ORDER BY id').all() as TicketRow[];
    return rows.flatMap((row) => {
      const firstSeenAt = parseStoreTime(row.first_seen_at);
      if (firstSeenAt === undefined) return [];
      return [{ id: row.id, firstSeenAt, resolvedAt: parseStoreTime(row.resolved_at), status: row.status, summary: row.summary }];
    });
  }

  /** The newest ticket's id (0 for none): tickets above it were opened later. */
  lastTicketId(): number {
    return (this.db.prepare('SELECT coalesce(max(id), 0) AS id FROM tickets').get() as { id: number }).id;
  }

  sessionCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM agent_sessions').get() as { n: number }).n;
  }

  logEntries(): AgentLogEntry[] {
    const rows = this.db
      .prepare('SELECT id, session_id, timestamp, entry_type, tool_name, tool_params, exit_code FROM agent_log_entries ORDER BY id')
      .all() as LogRow[];
    return rows.map((row) => ({
      id: row.id,
      sessionId: row.session_id ?? undefined,
      timestamp: parseStoreTime(row.timestamp) ?? 0,
      entryType: row.entry_type,
      toolName: row.tool_name ?? undefined,
      toolParams: row.tool_params ?? undefined,
      exitCode: row.exit_code ?? undefined,
    }));
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Rewrites every text the operator stored through `redact` and vacuums, so a
 * store kept with the results holds no secret, not even in freed pages. Only
 * for a store whose operator has stopped.
 */
export function scrubTicketStore(path: string, redact: (text: string) => string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.function('gauntlet_redact', (value: unknown) => (typeof value === 'string' ? redact(value) : value));
    db.exec(`
      UPDATE tickets SET summary = gauntlet_redact(summary);
      UPDATE agent_sessions SET variant = gauntlet_redact(variant), model = gauntlet_redact(model);
      UPDATE agent_log_entries SET tool_name = gauntlet_redact(tool_name), tool_params = gauntlet_redact(tool_params),
        output = gauntlet_redact(output);
    `);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}

/** The operator's side of the store: sessions, tickets and the commands it ran. */
export class TicketStoreWriter {
  private readonly db: Database.Database;
  readonly sessionId: number;

  constructor(path: string, session: { variant?: string; model?: string } = {}) {
    this.db = new Database(path, { fileMustExist: true });
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const info = this.db
      .prepare('INSERT INTO agent_sessions (started_at, variant, model) VALUES (?, ?, ?)')
      .run(now(), session.variant ?? null, session.model ?? null);
    this.sessionId = Number(info.lastInsertRowid);
  }

  openTicket(summary: string, firstSeenAt = now()): number {
    const info = this.db.prepare('INSERT INTO tickets (first_seen_at, status, summary) VALUES (?, ?, ?)').run(firstSeenAt, 'open', summary);
    return Number(info.lastInsertRowid);
  }

  setStatus(ticketId: number, status: TicketStatus): void {
    this.db.prepare('UPDATE tickets SET status = ? WHERE id = ?').run(status, ticketId);
  }

  resolveTicket(ticketId: number): void {
    this.db.prepare("UPDATE tickets SET status = 'resolved', resolved_at = ? WHERE id = ?").run(now(), ticketId);
  }

  logCommand(entry: { toolName: string; params: string; exitCode: number; output?: string }): void {
    this.db
      .prepare(
        'INSERT INTO agent_log_entries (session_id, timestamp, entry_type, tool_name, tool_params, exit_code, output) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(this.sessionId, now(), 'command', entry.toolName, entry.params, entry.exitCode, entry.output ?? null);
  }

  close(): void {
    this.db.prepare('UPDATE agent_sessions SET ended_at = ? WHERE id = ?').run(now(), this.sessionId);
    this.db.close();
  }
}

function now(): string {
  return new Date().toISOString();
}
