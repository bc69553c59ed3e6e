import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine } from '../support/docker.ts';

const TYPES = ['process_pause', 'network_partition', 'asymmetric_partition', 'leader_kill', 'disk_pressure'];

/** The repair the runbook operator is expected to log for each chaos type. */
const REPAIRS: Record<string, RegExp> = {
  process_pause: /^unpause /,
  network_partition: /^restart /,
  asymmetric_partition: /^restart /,
  leader_kill: /^start /,
  // through the keeper, which mounts each member's volume at /keep/<member>
  disk_pressure: /^exec \S+_volumes_1 rm -rf \/keep\/etcd\d\/gauntlet-fill-[0-9a-f]{8}$/,
};

describe('the runbook operator repairs every chaos type that runs here', { timeout: 900_000 }, () => {
  before(requireEngine);

  it('resolves one real trial of each type, and the slots end healthy with nothing left', async () => {
    const run = await runTestCampaign({ first_slot: 33, parallel: 2, trials_per_combination: 1, chaos_types: TYPES });
    assert.equal(run.trials.length, TYPES.length);
    const failures = run.trials.flatMap((trial) => {
      const commands = (JSON.parse(trial.commands_json ?? '[]') as Array<{ toolParams?: string }>).map((c) => c.toolParams ?? '');
      const summary = `${trial.chaos_type}: ${trial.outcome} ${trial.error ?? ''} commands ${JSON.stringify(commands)}`;
      const chaos = JSON.parse(trial.chaos_json ?? '{}');
      const ok =
        trial.outcome === 'success' &&
        commands.some((c) => REPAIRS[trial.chaos_type]!.test(c)) &&
        (trial.chaos_type !== 'disk_pressure' || commands.some((c) => c.endsWith(`/${chaos.target.service}/${String(chaos.fillFile).split('/').pop()}`)));
      return ok ? [] : [summary];
    });
    assert.deepEqual(failures, []);
    assert.deepEqual(await leftovers(run.campaignId), { containers: [], networks: [], volumes: [] });
  });
});
