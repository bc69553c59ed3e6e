import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { ResultsDb, type TrialRow } from '../../src/store/results-db.ts';
import { fakeCampaign, trialsWithWins } from '../fixtures/analysis/trials.ts';

function store(db: ResultsDb, id: string, variant: string, created: string, trials: TrialRow[]): void {
  const { finished_at: _f, status: _s, ...row } = fakeCampaign({ id, variant, name: variant, created_at: created });
  db.createCampaign(row, trials);
  for (const t of db.trials(id)) {
    const source = trials.find((x) => x.ordinal === t.ordinal)!;
    const { outcome, time_to_detect_ms, time_to_resolve_ms, commands_json, chaos_json, error, phases_json, tickets_json } = source;
    db.finishTrial(t.id, { outcome, time_to_detect_ms, time_to_resolve_ms, commands_json, chaos_json, error, phases_json, tickets_json });
  }
  db.setCampaignStatus(id, 'finished');
}

/** Runs the CLI in this process (a spawned tsx start costs seconds per command), capturing its output. */
async function gauntlet(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
  try {
    const exitCode = await main(['node', 'gauntlet', ...args]);
    return { exitCode, ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
}

describe('analysis commands on a results database', () => {
  let dbPath: string;

  before(async () => {
    dbPath = join(await mkdtemp(join(tmpdir(), 'gauntlet-analysis-cli-')), 'eval.db');
    const db = new ResultsDb(dbPath);
    const commands = JSON.stringify([{ toolName: 'docker', toolParams: 'rm -f etcd-eval-50-etcd1-1 | tee', timestamp: 0, exitCode: 0 }]);
    store(db, '20261201-100000-aaaa', 'six', '2026-12-01T10:00:00Z', trialsWithWins(6, 10, { commands_json: commands }));
    store(db, '20261201-110000-bbbb', 'seven', '2026-12-01T11:00:00Z', trialsWithWins(7, 10));
    db.close();
  });

  it('lists campaigns newest first', async () => {
    const out = JSON.parse((await gauntlet(['list', '--db', dbPath, '--json'])).stdout);
    assert.equal(out.total, 2);
    assert.deepEqual(out.campaigns.map((c: { variant: string }) => c.variant), ['seven', 'six']);
    assert.deepEqual(out.campaigns[1].outcomes, { success: 6, unresolved: 4 });
  });

  it('compares 6/10 with 7/10 as no clear difference, by id prefix and name', async () => {
    const out = JSON.parse((await gauntlet(['compare', '20261201-10', 'seven', '--db', dbPath, '--json'])).stdout);
    assert.equal(out.overall.verdict.kind, 'no_clear_difference');
    const table = (await gauntlet(['compare', 'six', 'seven', '--db', dbPath])).stdout;
    assert.match(table, /Verdict: no clear difference between six/);
    assert.match(table, /; same seeds: trials are paired \(McNemar's test\)\n/);
    const itself = (await gauntlet(['compare', 'six', 'six', '--db', dbPath])).stdout;
    assert.match(itself, /A and B are the same campaign/);
  });

  it('says when trials of the same seed do not pair up and compares them as independent samples', async () => {
    const db = new ResultsDb(dbPath);
    store(db, '20261201-120000-cccc', 'four', '2026-12-01T12:00:00Z', trialsWithWins(2, 4));
    db.close();
    const table = (await gauntlet(['compare', 'six', 'four', '--db', dbPath])).stdout;
    assert.match(table, /same seed, but the trials do not pair up one to one: compared as independent samples \(Fisher's test\)/);
    assert.match(table, /Fisher's exact/);
  });

  it('writes a Markdown report with censoring and the destructive command, escaped', async () => {
    const md = (await gauntlet(['report', 'six', '--db', dbPath, '--format', 'md'])).stdout;
    assert.match(md, /^## Gauntlet campaign six/);
    assert.match(md, /60% \(31–83%\) 6\/10/);
    assert.match(md, /4 censored at 120\.00 s/);
    assert.match(md, /docker rm -f etcd-eval-50-etcd1-1 \\\| tee \| remove-container/);
  });

  it('names the campaign it could not find, with exit code 2', async () => {
    const result = await gauntlet(['analyze', 'nope', '--db', dbPath]);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /no campaign "nope" .*expected an id, an id prefix, a name or "latest"/);
  });

  it('resumes a campaign named like anywhere else, and leaves a finished one untouched', async () => {
    const before = new ResultsDb(dbPath, { readonly: true });
    const finishedAt = before.campaign('20261201-110000-bbbb')!.finished_at;
    before.close();
    const result = await gauntlet(['run', '--resume', 'seven', '--db', dbPath]);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /Campaign 20261201-110000-bbbb \(seven\) has no trial left to run \(finished\); nothing to resume/);
    const after = new ResultsDb(dbPath, { readonly: true });
    assert.equal(after.campaign('20261201-110000-bbbb')!.finished_at, finishedAt);
    after.close();
    const unknown = await gauntlet(['run', '--resume', 'nope', '--db', dbPath]);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /no campaign "nope"/);
  });

  it('exits 2 on a usage error, as on any bad input, and 0 for help', async () => {
    const bad = await gauntlet(['list', '--db', dbPath, '--bogus']);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /unknown option '--bogus'/);
    assert.equal((await gauntlet(['list', '--help'])).exitCode, 0);
  });
});
