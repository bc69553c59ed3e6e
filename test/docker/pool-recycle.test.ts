import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { CHAOS_TYPES } from '../../src/chaos/registry.ts';
import { Random } from '../../src/chaos/random.ts';
import type { Slot } from '../../src/pool/slot.ts';
import type { SubjectPool } from '../../src/pool/subject-pool.ts';
import { markedRulesIn } from '../support/chaos-slot.ts';
import { leftovers, requireEngine, testLogger } from '../support/docker.ts';
import { etcdTestPool } from '../support/pool-slots.ts';

async function untilReady(slot: Slot): Promise<void> {
  for (let i = 0; i < 600 && slot.state !== 'ready'; i++) await sleep(200);
  assert.equal(slot.state, 'ready');
}

/** Leaves every kind of trace a trial can leave: keys, a partition, a paused member, a killed one. */
async function dirty(slot: Slot): Promise<void> {
  const workload = slot.client.startWorkload!({ writesPerSecond: 20, readsPerWrite: 0, maxWrites: 3, maxSeconds: 10, keyPrefix: 'gauntlet/recycle/' });
  await sleep(500);
  assert.equal((await workload.verify()).writesAcknowledged, 3);
  const partition = CHAOS_TYPES.get('network_partition')!;
  const ctx = { project: slot.project, subject: slot.subject, client: slot.client, random: new Random(7), logger: testLogger('recycle') };
  const plan = await partition.plan(ctx, partition.params.parse({}));
  await plan.apply();
  assert.ok((await markedRulesIn(slot)).length > 0);
  const others = (await slot.project.containers()).filter((c) => c.service.startsWith('etcd') && c.service !== plan.metadata.target.service);
  await slot.project.engine.docker(['pause', others[0]!.id]);
  await slot.project.engine.docker(['kill', others[1]!.id]);
}

/** A one-slot pool that recycles, started; the test gets its slot acquired; the pool goes down after. */
async function withRecyclingSlot(test: (pool: SubjectPool, slot: Slot) => Promise<void>): Promise<string> {
  const { pool, campaign } = await etcdTestPool(22, 1, { resetMode: 'recycle' });
  try {
    await pool.start();
    await test(pool, await pool.acquire());
  } finally {
    await pool.shutdown();
  }
  return campaign;
}

describe('recycling a slot between trials', { timeout: 300_000 }, () => {
  before(requireEngine);

  it('keeps the containers but leaves no key, rule, pause or stopped member behind', async () => {
    const campaign = await withRecyclingSlot(async (pool, slot) => {
      const before = (await slot.project.containers()).map((c) => c.id).sort();
      await dirty(slot);
      pool.release(slot);
      await untilReady(slot);
      assert.equal(pool.stats.recycles, 1, 'the reset was a recycle');
      const after = await slot.project.containers();
      assert.deepEqual(after.map((c) => c.id).sort(), before, 'the same containers');
      assert.deepEqual(after.map((c) => c.state), ['running', 'running', 'running', 'running']);
      assert.deepEqual(await markedRulesIn(slot), [], 'no partition rule survives');
      assert.deepEqual(await slot.client.fingerprint!(), { healthy: true, members: ['etcd0', 'etcd1', 'etcd2'], keys: 0, revision: 1 });
    });
    assert.deepEqual(await leftovers(campaign), { containers: [], networks: [], volumes: [] });
  });

  it('falls back to a full reset when a container is gone', async () => {
    await withRecyclingSlot(async (pool, slot) => {
      const member = (await slot.project.containers()).find((c) => c.service === 'etcd1')!;
      await slot.project.engine.docker(['rm', '-f', member.id]);
      pool.release(slot);
      await untilReady(slot);
      assert.equal(pool.stats.recycles, 0);
      assert.equal(pool.stats.resets.length, 1, 'one reset, the full one');
      assert.deepEqual((await slot.project.containers()).map((c) => c.state), ['running', 'running', 'running', 'running']);
      assert.equal((await slot.client.fingerprint!()).keys, 0);
    });
  });
});
