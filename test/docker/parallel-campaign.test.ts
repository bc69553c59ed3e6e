import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine } from '../support/docker.ts';

describe('a parallel campaign on real etcd clusters', { timeout: 300_000 }, () => {
  before(requireEngine);

  it('runs trials at the same time on different slots and leaves nothing behind', async () => {
    const run = await runTestCampaign({ first_slot: 10, parallel: 2, trials_per_combination: 4 });
    assert.equal(run.trials.length, 4);
    assert.deepEqual(
      run.trials.map((t) => [t.status, t.outcome]),
      run.trials.map(() => ['done', 'success']),
    );
    assert.deepEqual(new Set(run.trials.map((t) => t.slot)), new Set([10, 11]));
    assert.deepEqual(new Set(run.trials.map((t) => t.project)), new Set(['etcd-eval-10', 'etcd-eval-11']));
    const overlapping = run.trials.some((a) =>
      run.trials.some(
        (b) => a.slot !== b.slot && Date.parse(a.started_at!) < Date.parse(b.ended_at!) && Date.parse(b.started_at!) < Date.parse(a.ended_at!),
      ),
    );
    assert.ok(overlapping, 'trials on different slots overlapped in time');
    for (const t of run.trials) {
      const chaos = JSON.parse(t.chaos_json!);
      assert.equal(chaos.type, 'node_kill');
      assert.match(chaos.target.service, /^etcd[012]$/);
      assert.ok(t.time_to_detect_ms! >= 0 && t.time_to_detect_ms! < t.time_to_resolve_ms!);
      const phases = JSON.parse(t.phases_json!).map((p: { phase: string }) => p.phase);
      assert.deepEqual(phases, ['healthy', 'operator_start', 'capture_before', 'inject', 'detect', 'resolve', 'capture_after', 'operator_stop', 'cleanup']);
      const commands = JSON.parse(t.commands_json!);
      assert.ok(commands.some((c: { toolParams: string }) => c.toolParams.startsWith('start ')), 'the operator logged its repair');
    }
    assert.deepEqual(await leftovers(run.campaignId), { containers: [], networks: [], volumes: [] });
  });
});
