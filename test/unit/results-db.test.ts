import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ExitError } from '../../src/exit-error.ts';
import { ResultsDb } from '../../src/store/results-db.ts';

const refused = (pattern: RegExp) => (error: unknown) => error instanceof ExitError && error.exitCode === 2 && pattern.test(error.message);

describe('opening a results database', () => {
  it('refuses a file that is not SQLite, for reading and for writing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-db-'));
    const path = join(dir, 'notes.db');
    await writeFile(path, 'just text, long enough to stand where a SQLite header would be expected ..........');
    assert.throws(() => new ResultsDb(path, { readonly: true }), refused(/notes\.db is not a SQLite database/));
    assert.throws(() => new ResultsDb(path), refused(/notes\.db is not a SQLite database/));
  });

  it("refuses another program's database and leaves it as it was", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-db-'));
    const path = join(dir, 'app.db');
    const other = new Database(path);
    other.exec('CREATE TABLE users (id INTEGER)');
    other.close();
    assert.throws(() => new ResultsDb(path), refused(/app\.db is not a Gauntlet results database: it holds the tables users/));
    const after = new Database(path, { readonly: true });
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    after.close();
    assert.deepEqual(tables, [{ name: 'users' }]);
  });

  it('refuses a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-db-'));
    assert.throws(() => new ResultsDb(dir, { readonly: true }), refused(/cannot be opened as a database/));
  });

  it('reads an empty file as a database with no campaigns, without writing to it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-db-'));
    const path = join(dir, 'empty.db');
    await writeFile(path, '');
    const db = new ResultsDb(path, { readonly: true });
    assert.deepEqual(db.campaigns(), []);
    db.close();
    const written = new ResultsDb(path);
    assert.deepEqual(written.campaigns(), []);
    written.close();
  });
});
