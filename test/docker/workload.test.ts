import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { SubjectPool } from '../../src/pool/subject-pool.ts';
import { requireEngine, testLogger } from '../support/docker.ts';
import { startEtcdSlot } from '../support/slot.ts';

const workloadOptions = { writesPerSecond: 20, readsPerWrite: 1, maxWrites: 400, maxSeconds: 30, keyPrefix: 'gauntlet/wl/test/' };

describe('the etcd workload on a real cluster', { timeout: 180_000 }, () => {
  before(requireEngine);

  it('keeps every acknowledged write through a member kill and sees the outage', async () => {
    await using test = await startEtcdSlot(16);
    const { slot } = test;
    const workload = slot.client.startWorkload!(workloadOptions);
    await sleep(1500);
    const containers = await slot.project.containers();
    const victim = containers.find((c) => c.service === 'etcd0')!;
    await slot.project.engine.docker(['kill', victim.id]);
    await sleep(2000);
    await slot.project.engine.docker(['start', victim.id]);
    await sleep(1500);
    const report = await workload.verify();
    assert.ok(report.writesAcknowledged > 20, `acknowledged ${report.writesAcknowledged}`);
    assert.equal(report.writesLost, 0);
    assert.equal(report.writesAttempted, report.writesAcknowledged + report.writesFailed);
    assert.ok(report.longestOutageMs > 0);
  });

  it('reports acknowledged writes as lost when the cluster is recreated from empty volumes', async () => {
    await using test = await startEtcdSlot(17);
    const { slot } = test;
    const workload = slot.client.startWorkload!({ ...workloadOptions, maxWrites: 30 });
    await sleep(2500);
    await workload.stop();
    await slot.project.down();
    await slot.project.up();
    await waitUntilHealthy(slot.client);
    const report = await workload.verify();
    assert.ok(report.writesAcknowledged > 0);
    assert.equal(report.writesLost, report.writesAcknowledged);
  });

  it('fingerprints a fresh cluster and tells a dirty one apart', async () => {
    await using test = await startEtcdSlot(18);
    const fresh = await test.slot.client.fingerprint!();
    assert.deepEqual(fresh, { healthy: true, members: ['etcd0', 'etcd1', 'etcd2'], keys: 0, revision: 1 });
    const workload = test.slot.client.startWorkload!({ ...workloadOptions, maxWrites: 3 });
    await sleep(1000);
    assert.equal((await workload.verify()).writesAcknowledged, 3);
    assert.equal((await test.slot.client.fingerprint!()).keys, 3);
  });
});

async function waitUntilHealthy(client: { health(): Promise<{ healthy: boolean }> }): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await client.health()).healthy) return;
    await sleep(200);
  }
  throw new Error('cluster did not become healthy');
}

describe('a slot left dirty on purpose', { timeout: 300_000 }, () => {
  before(requireEngine);

  it('is caught by the fingerprint and reset before the next trial gets it', async () => {
    await using test = await startEtcdSlot(19);
    const { slot } = test;
    const pool = new SubjectPool([slot], { healthyTimeoutMs: 90_000, logger: testLogger('dirty-slot') });
    slot.state = 'ready';
    const first = await pool.acquire();
    pool.release(first);
    for (let i = 0; i < 600 && slot.state !== 'ready'; i++) await sleep(200);
    const dirt = slot.client.startWorkload!({ ...workloadOptions, maxWrites: 2 });
    await sleep(500);
    assert.equal((await dirt.verify()).writesAcknowledged, 2);
    const resetsBefore = pool.stats.resets.length;
    const second = await pool.acquire();
    assert.equal(pool.stats.resets.length, resetsBefore + 1, 'the dirty slot was reset before it was handed out');
    assert.equal((await second.client.fingerprint!()).keys, 0);
    await pool.shutdown();
  });
});
