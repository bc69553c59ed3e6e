import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { COMPOSE_PROJECT_LABEL } from '../../src/engine/docker-engine.ts';
import type { Slot } from '../../src/pool/slot.ts';
import { engine, leftovers, requireEngine } from '../support/docker.ts';
import { etcdGet, etcdPut, etcdTestPool, type TestPool } from '../support/pool-slots.ts';

/** Samples a slot's health until stopped; every sample is kept. */
function watchHealth(slot: Slot): { stop(): Promise<Array<{ healthy: boolean; problems: string[] }>> } {
  const samples: Array<{ healthy: boolean; problems: string[] }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const report = await slot.client.health();
      samples.push({ healthy: report.healthy, problems: report.problems });
      await sleep(200);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

describe('three slots at once on real etcd clusters', { timeout: 240_000 }, () => {
  let test: TestPool;
  before(async () => {
    await requireEngine();
    test = await etcdTestPool(20, 3);
    await test.pool.start();
  });
  after(async () => {
    await test.pool.shutdown();
    assert.deepEqual(await leftovers(test.campaign), { containers: [], networks: [], volumes: [] });
  });

  it('runs them as separate projects with their own networks and volumes', async () => {
    const [a, b, c] = await Promise.all([test.pool.acquire(), test.pool.acquire(), test.pool.acquire()]);
    assert.deepEqual([a, b, c].map((s) => s!.plan.project), ['etcd-eval-20', 'etcd-eval-21', 'etcd-eval-22']);
    for (const slot of [a!, b!, c!]) {
      const labels = { [COMPOSE_PROJECT_LABEL]: slot.plan.project };
      assert.equal((await engine.networks(labels)).length, 1, `${slot.label} has its own network`);
      assert.equal((await engine.listIds('volume', labels)).length, 3, `${slot.label} has its own three volumes`);
    }
    for (const slot of [a!, b!, c!]) test.pool.release(slot, { expectMore: false });
  });

  it('keeps a key written in one slot out of the other two', async () => {
    const [a, b, c] = await Promise.all([test.pool.acquire(), test.pool.acquire(), test.pool.acquire()]);
    await etcdPut(a!, 'isolation/probe', 'written in slot 20');
    assert.equal(await etcdGet(a!, 'isolation/probe'), 'written in slot 20');
    assert.equal(await etcdGet(b!, 'isolation/probe'), undefined);
    assert.equal(await etcdGet(c!, 'isolation/probe'), undefined);
    for (const slot of [a!, b!, c!]) test.pool.release(slot, { expectMore: false });
  });

  it('keeps the other two healthy while every member of one slot is killed', async () => {
    const [a, b, c] = await Promise.all([test.pool.acquire(), test.pool.acquire(), test.pool.acquire()]);
    const idsBefore = async (s: Slot) => (await s.project.containers()).map((x) => `${x.id}:${x.startedAt}`).sort();
    const [beforeA, beforeC] = [await idsBefore(a!), await idsBefore(c!)];
    const watchers = [watchHealth(a!), watchHealth(c!)];
    await sleep(1_000);
    const members = (await b!.project.containers()).filter((x) => b!.subject.memberServices.includes(x.service));
    assert.equal(members.length, 3);
    await engine.docker(['kill', ...members.map((m) => m.id)]);
    // Watch for as long again after the kill, so a late effect would show.
    let downSince: number | undefined;
    while (downSince === undefined || Date.now() - downSince < 5_000) {
      const health = await b!.client.health();
      if (!health.healthy) downSince ??= Date.now();
      await sleep(250);
    }
    const [samplesA, samplesC] = await Promise.all(watchers.map((w) => w.stop()));
    assert.ok(samplesA!.length >= 10 && samplesC!.length >= 10, 'the watch took enough samples');
    assert.deepEqual(samplesA!.filter((s) => !s.healthy), [], 'slot 20 stayed healthy');
    assert.deepEqual(samplesC!.filter((s) => !s.healthy), [], 'slot 22 stayed healthy');
    assert.deepEqual(await idsBefore(a!), beforeA, 'no container of slot 20 was touched');
    assert.deepEqual(await idsBefore(c!), beforeC, 'no container of slot 22 was touched');
    const killed = (await b!.project.containers()).filter((x) => b!.subject.memberServices.includes(x.service));
    assert.deepEqual(killed.map((x) => x.state), ['exited', 'exited', 'exited']);
    for (const slot of [a!, b!, c!]) test.pool.release(slot, { expectMore: false });
  });
});
