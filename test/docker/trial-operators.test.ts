import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { execa } from 'execa';
import { createTicketStore, TicketStoreReader } from '../../src/operator/ticket-store.ts';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine, TEST_PORT_STRIDE, tempDir } from '../support/docker.ts';
import { processesOfCampaign } from '../support/trials.ts';

const GAUNTLET = fileURLToPath(new URL('../../bin/gauntlet.mjs', import.meta.url));

async function waitUntilHealthy(endpoints: string[]): Promise<void> {
  const healthy = (e: string) =>
    fetch(`${e}/health`, { signal: AbortSignal.timeout(1_000) })
      .then(async (r) => ((await r.json()) as { health?: string }).health === 'true')
      .catch(() => false);
  for (let i = 0; i < 600; i++) {
    if ((await Promise.all(endpoints.map(healthy))).every(Boolean)) return;
    await sleep(200);
  }
  throw new Error(`etcd at ${endpoints.join(', ')} never became healthy`);
}

describe('operators that outlive a trial', { timeout: 600_000 }, () => {
  before(requireEngine);

  it('per slot: one operator and one ticket store for the slot, only tickets after each injection count', async () => {
    const run = await runTestCampaign({
      first_slot: 44,
      parallel: 1,
      trials_per_combination: 2,
      include_baseline: 1,
      operator_lifecycle: 'per_slot',
      cooldown_seconds: 1,
      timeouts: { detect_seconds: 60, resolve_seconds: 60 },
    });
    const agent = run.trials.filter((t) => t.baseline === 0);
    const baseline = run.trials.find((t) => t.baseline === 1)!;
    assert.deepEqual(agent.map((t) => t.outcome), ['success', 'success']);
    assert.equal(baseline.outcome, 'not_healed', 'no operator watches the slot during a baseline trial');
    assert.equal(agent[0]!.operator_log, agent[1]!.operator_log);
    assert.match(agent[0]!.operator_log!, /slots\/slot-44\/operator\.log$/);
    for (const t of agent) {
      assert.equal(JSON.parse(t.operator_json!).supply, 'per_slot');
      const tickets = JSON.parse(t.tickets_json!) as Array<{ firstSeenAt: number }>;
      assert.equal(tickets.length, 1, 'tickets of earlier trials are not this trial\'s');
      assert.ok(tickets[0]!.firstSeenAt >= Date.parse(t.chaos_injected_at!));
    }
    const store = new TicketStoreReader(join(agent[0]!.operator_log!, '..', 'tickets.db'));
    assert.ok(store.tickets().length >= 2, 'the slot store kept every trial\'s tickets');
    store.close();
    // one worker (parallel 1) with a warm spare slot: without the cooldown the next trial would start at once
    const sorted = [...run.trials].sort((a, b) => Date.parse(a.started_at!) - Date.parse(b.started_at!));
    for (let i = 1; i < sorted.length; i++) {
      assert.ok(Date.parse(sorted[i]!.started_at!) - Date.parse(sorted[i - 1]!.ended_at!) >= 1000, 'the slot rests for its cooldown');
    }
    assert.deepEqual(await processesOfCampaign(run.campaignId), []);
    assert.deepEqual(await leftovers(run.campaignId), { containers: [], networks: [], volumes: [] });
  });

  it('--operator-running: the harness reads the store of an operator the user runs', async () => {
    const store = join(await tempDir('user-operator'), 'tickets.db');
    createTicketStore(store);
    const endpoints = [2379, 2479, 2579].map((base) => `http://127.0.0.1:${base + 45 * TEST_PORT_STRIDE}`).join(',');
    const campaign = runTestCampaign({ first_slot: 45, parallel: 1, trials_per_combination: 1 }, { operatorStore: store });
    // like a user, start the operator once the cluster answers; the harness waits for its session
    await waitUntilHealthy(endpoints.split(','));
    const operator = execa(process.execPath, [GAUNTLET, 'operator'], {
      env: { GAUNTLET_SUBJECT: 'etcd', COMPOSE_PROJECT_NAME: 'etcd-eval-45', OPERATOR_DB_PATH: store, ETCD_ENDPOINTS: endpoints },
      reject: false,
      all: true,
    });
    try {
      const run = await campaign;
      const [trial] = run.trials;
      assert.equal(trial!.outcome, 'success');
      assert.deepEqual(JSON.parse(trial!.operator_json!), { supply: 'external', store });
      assert.equal(trial!.operator_log, null);
      assert.equal(operator.exitCode, null, 'the harness left the user\'s operator running');
    } finally {
      operator.kill('SIGTERM');
      await operator;
    }
  });
});
