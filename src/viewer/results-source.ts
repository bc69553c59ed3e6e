import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ResultsDb } from '../store/results-db.ts';

/** The database cannot be read at all; the message says why and what to do. */
export class ResultsUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsUnavailable';
  }
}

/**
 * Opens the results database read-only for one request and closes it again,
 * so the viewer never holds a read transaction (or a stale snapshot) while a
 * campaign writes to it.
 */
export class ResultsSource {
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
  }

  /** Runs `read` on a fresh connection; `undefined` db means a database with no schema yet. */
  read<T>(read: (db: ResultsDb | undefined) => T): T {
    if (!existsSync(this.path)) {
      throw new ResultsUnavailable(
        `No results database at ${this.path}. Run a campaign first (gauntlet run <campaign.yaml> --db ${this.path}) or pass --db.`,
      );
    }
    let db: ResultsDb;
    try {
      db = new ResultsDb(this.path, { readonly: true });
    } catch (error) {
      throw new ResultsUnavailable(`Cannot open ${this.path} read-only: ${(error as Error).message}`);
    }
    try {
      return read(hasSchema(db) ? db : undefined);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
        throw new ResultsUnavailable(`${this.path} is not a SQLite database.`);
      }
      throw error;
    } finally {
      db.close();
    }
  }
}

function hasSchema(db: ResultsDb): boolean {
  const row = db.db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'campaigns'").get();
  return row !== undefined;
}
