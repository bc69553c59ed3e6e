import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { ResultsDb, type TrialRow } from '../../src/store/results-db.ts';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine, TEST_PORT_STRIDE, tempDir } from '../support/docker.ts';
import { processesOfCampaign } from '../support/trials.ts';

const GAUNTLET = fileURLToPath(new URL('../../bin/gauntlet.mjs', import.meta.url));

const config = {
  name: 'resume',
  subjects: ['etcd'],
  chaos_types: ['node_kill'],
  trials_per_combination: 3,
  parallel: 2,
  first_slot: 46,
  port_stride: TEST_PORT_STRIDE,
  seed: 11,
};

const spec = (t: TrialRow) => [t.ordinal, t.subject, t.chaos_type, t.chaos_params_json, t.baseline, t.seed];

function readTrials(dbPath: string): TrialRow[] {
  try {
    const db = new ResultsDb(dbPath, { readonly: true });
    try {
      const campaign = db.campaigns()[0];
      return campaign ? db.trials(campaign.id) : [];
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/** Polls the results database until the killed harness has finished one trial and runs another. */
async function waitForMidCampaign(dbPath: string): Promise<TrialRow[]> {
  for (let i = 0; i < 900; i++) {
    const trials = readTrials(dbPath);
    if (trials.some((t) => t.status === 'done') && trials.some((t) => t.status === 'running')) return trials;
    await sleep(200);
  }
  throw new Error('the campaign never reached the middle');
}

describe('a campaign killed with SIGKILL and resumed', { timeout: 900_000 }, () => {
  before(requireEngine);

  it('runs every trial exactly once, like an uninterrupted run of the same campaign', async () => {
    const dir = await tempDir('resume');
    const file = join(dir, 'resume.yaml');
    const dbPath = join(dir, 'eval.db');
    await writeFile(file, stringify(config));
    const harness = execa(process.execPath, [GAUNTLET, 'run', file, '--db', dbPath, '--no-progress'], { reject: false, all: true });
    const atKill = await waitForMidCampaign(dbPath);
    harness.kill('SIGKILL');
    const killed = await harness;
    assert.equal(killed.signal, 'SIGKILL', killed.all);
    const campaignId = atKill[0]!.campaign_id;
    const finishedBefore = readTrials(dbPath).filter((t) => t.status === 'done');
    assert.ok(finishedBefore.length >= 1 && finishedBefore.length < 3);

    const resumed = await execa(process.execPath, [GAUNTLET, 'run', '--resume', campaignId, '--db', dbPath, '--no-progress', '--json'], {
      reject: false,
    });
    assert.equal(resumed.exitCode, 0, resumed.stderr);
    const report = JSON.parse(resumed.stdout);
    assert.equal(report.campaignId, campaignId);
    assert.ok(report.requeued >= 1, 'the trial that ran at the kill went back to pending');

    const after = readTrials(dbPath);
    assert.deepEqual(after.map((t) => t.status), after.map(() => 'done'));
    for (const before of finishedBefore) {
      const now = after.find((t) => t.id === before.id)!;
      assert.deepEqual([now.started_at, now.ended_at, now.outcome], [before.started_at, before.ended_at, before.outcome], 'a finished trial is never run again');
    }
    assert.deepEqual(await processesOfCampaign(campaignId), [], 'the operators of the killed run were stopped');
    assert.deepEqual(await leftovers(campaignId), { containers: [], networks: [], volumes: [] });
    const db = new ResultsDb(dbPath, { readonly: true });
    assert.deepEqual(db.openJournal().filter((j) => j.campaign_id === campaignId), [], 'no chaos is left open');
    assert.equal(db.campaign(campaignId)!.status, 'finished');
    db.close();

    const uninterrupted = await runTestCampaign({ ...config });
    assert.deepEqual(after.map(spec), uninterrupted.trials.map(spec));
    assert.equal(new Set(after.map((t) => t.ordinal)).size, after.length);
    assert.deepEqual(after.map((t) => t.outcome), uninterrupted.trials.map(() => 'success'));
  });
});
