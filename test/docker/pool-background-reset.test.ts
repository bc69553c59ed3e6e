import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine } from '../support/docker.ts';

describe('background reset', { timeout: 420_000 }, () => {
  before(requireEngine);

  it('with parallel 2 and 6 trials, trials wait in acquire() far less than 6 resets take', async (t) => {
    const run = await runTestCampaign({ first_slot: 20, parallel: 2, spare_slots: 1, trials_per_combination: 6 });
    assert.deepEqual(run.trials.map((t) => t.status), Array(6).fill('done'));
    const [stats] = run.result.poolStats;
    assert.ok(stats);
    assert.equal(stats.acquires, 6 + run.trials.reduce((n, t) => n + t.attempts - 1, 0), 'every acquire() is counted');
    assert.ok(stats.resets.length >= 3, `slots were reset between trials (${stats.resets.length} resets)`);
    const meanReset = stats.resets.reduce((a, b) => a + b, 0) / stats.resets.length;
    const sixResets = 6 * meanReset;
    t.diagnostic(
      `waited ${stats.acquireWaitMs} ms in acquire() over ${stats.acquires} acquires; ` +
        `resets took ${stats.resets.map((ms) => `${ms} ms`).join(', ')} (six of them: ${Math.round(sixResets)} ms)`,
    );
    assert.ok(stats.acquireWaitMs < sixResets / 3, `waited ${stats.acquireWaitMs} ms, not far below ${Math.round(sixResets)} ms`);
    assert.deepEqual(await leftovers(run.campaignId), { containers: [], networks: [], volumes: [] });
  });
});
