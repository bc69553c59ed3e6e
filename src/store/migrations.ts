/** Schema versions of the results database, applied in order, each once. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    file TEXT,
    config_json TEXT NOT NULL,
    variant TEXT NOT NULL,
    seed INTEGER NOT NULL,
    parallel INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
    created_at TEXT NOT NULL,
    finished_at TEXT,
    engine TEXT,
    compose TEXT
  );
  CREATE TABLE trials (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    ordinal INTEGER NOT NULL,
    subject TEXT NOT NULL,
    chaos_type TEXT NOT NULL,
    chaos_params_json TEXT NOT NULL,
    baseline INTEGER NOT NULL DEFAULT 0,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done')),
    outcome TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    slot INTEGER,
    project TEXT,
    started_at TEXT,
    ended_at TEXT,
    chaos_injected_at TEXT,
    detected_at TEXT,
    detection_seen_at TEXT,
    resolved_at TEXT,
    time_to_detect_ms INTEGER,
    time_to_resolve_ms INTEGER,
    phases_json TEXT,
    chaos_json TEXT,
    state_before_json TEXT,
    state_after_json TEXT,
    tickets_json TEXT,
    commands_json TEXT,
    operator_json TEXT,
    operator_log TEXT,
    error TEXT,
    UNIQUE (campaign_id, ordinal)
  );
  CREATE INDEX trials_by_campaign ON trials (campaign_id, status);
  CREATE TABLE chaos_journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id TEXT NOT NULL,
    trial_id INTEGER,
    subject TEXT NOT NULL,
    project TEXT NOT NULL,
    engine_host TEXT,
    chaos_type TEXT NOT NULL,
    metadata_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('planned', 'cleaned', 'cleanup_failed')),
    planned_at TEXT NOT NULL,
    cleaned_at TEXT,
    error TEXT
  );
  CREATE INDEX journal_open ON chaos_journal (state);
  `,
  // Notes on how a trial went that are not errors, e.g. an operator that exited early.
  `
  ALTER TABLE trials ADD COLUMN notes TEXT;
  `,
  // What the client workload wrote and whether every acknowledged write survived.
  `
  ALTER TABLE trials ADD COLUMN workload_json TEXT;
  `,
];
