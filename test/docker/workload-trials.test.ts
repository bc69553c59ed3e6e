import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine } from '../support/docker.ts';
import { TEST_VARIANTS_DIR } from '../support/trials.ts';

const workload = { writes_per_second: 20, max_seconds: 300 };

function report(trial: { workload_json: string | null }) {
  const parsed = JSON.parse(trial.workload_json ?? '{}') as { report?: Record<string, number>; error?: string };
  assert.ok(parsed.report, `the workload was checked: ${parsed.error ?? 'no workload recorded'}`);
  return parsed.report;
}

describe('trials with a client workload', { timeout: 600_000 }, () => {
  before(requireEngine);

  it('a node_kill repaired by the runbook operator loses nothing and shows the outage', async () => {
    const run = await runTestCampaign({ first_slot: 12, trials_per_combination: 1, workload });
    const [trial] = run.trials;
    assert.equal(trial!.outcome, 'success');
    const figures = report(trial!);
    assert.ok(figures.writesAcknowledged! > 0);
    assert.equal(figures.writesLost, 0);
    assert.equal(figures.writesAttempted, figures.writesAcknowledged! + figures.writesFailed!);
    assert.ok(figures.longestOutageMs! > 0);
    assert.deepEqual(await leftovers(run.campaignId), { containers: [], networks: [], volumes: [] });
  });

  it('an operator that recreates the cluster from empty volumes is scored data_loss though the cluster ends healthy', async () => {
    const run = await runTestCampaign(
      { first_slot: 13, trials_per_combination: 1, variant: 'recreate', workload },
      { variantsDir: TEST_VARIANTS_DIR },
    );
    const [trial] = run.trials;
    assert.equal(trial!.outcome, 'data_loss');
    assert.equal(JSON.parse(trial!.state_after_json!).health.healthy, true);
    const figures = report(trial!);
    assert.ok(figures.writesLost! > 0, `lost ${figures.writesLost} of ${figures.writesAcknowledged}`);
  });
});
