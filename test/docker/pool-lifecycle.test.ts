import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { COMPOSE_PROJECT_LABEL } from '../../src/engine/docker-engine.ts';
import { PoolExhaustedError } from '../../src/pool/subject-pool.ts';
import type { Slot } from '../../src/pool/slot.ts';
import { engine, leftovers, requireEngine } from '../support/docker.ts';
import { etcdGet, etcdPut, etcdTestPool } from '../support/pool-slots.ts';

async function containerIds(slot: Slot): Promise<string[]> {
  return (await slot.project.containers()).map((c) => c.id).sort();
}

describe('the pool on real etcd clusters', { timeout: 300_000 }, () => {
  before(requireEngine);

  it('hands a reused slot out reset: none of the last trial\'s data, nothing paused, FIFO and cancellable waits', async () => {
    const { pool, campaign } = await etcdTestPool(23, 1);
    try {
      await pool.start();
      const slot = await pool.acquire();
      await etcdPut(slot, 'trial-1/state', 'left by the first trial');
      const paused = (await slot.project.containers()).find((c) => c.service === 'etcd1')!;
      await engine.docker(['pause', paused.id]);
      const before = await containerIds(slot);

      const order: string[] = [];
      const first = pool.acquire().then((s) => (order.push('first'), s));
      const cancel = new AbortController();
      const cancelled = pool.acquire(cancel.signal);
      const third = pool.acquire().then((s) => (order.push('third'), s));
      cancel.abort(new Error('no longer needed'));
      await assert.rejects(cancelled, /no longer needed/);
      pool.release(slot);

      const next = await first;
      assert.equal(next, slot, 'the one slot comes back');
      assert.deepEqual(order, ['first'], 'the first waiter got it; the cancelled one was skipped');
      assert.equal(await etcdGet(next, 'trial-1/state'), undefined, 'the data of the last trial is gone');
      const after = await slot.project.containers();
      assert.deepEqual(after.filter((c) => c.state !== 'running'), [], 'nothing is paused or stopped');
      assert.equal(after.filter((c) => before.includes(c.id)).length, 0, 'every container is new');

      pool.release(next);
      assert.equal(await third, slot);
      assert.deepEqual(order, ['first', 'third']);
      assert.equal(pool.stats.resets.length, 2, 'each reset is measured');
      assert.ok(pool.stats.resets.every((ms) => ms > 0));
    } finally {
      await pool.shutdown();
      await pool.shutdown();
    }
    assert.deepEqual(await leftovers(campaign), { containers: [], networks: [], volumes: [] });
  });

  it('quarantines a slot that fails to reset twice, goes on with the other, and fails clearly when none is left', async () => {
    const { pool, slots, campaign, setVariable } = await etcdTestPool(24, 2);
    const [a, b] = slots as [Slot, Slot];
    try {
      await pool.start();
      const [first, second] = [await pool.acquire(), await pool.acquire()];
      assert.deepEqual([first, second], [a, b]);
      // A 64 KiB data volume: etcd dies at start with "no space left on device".
      await setVariable(b, 'ETCD_DATA_SIZE', '64k');
      pool.release(b);
      const next = pool.acquire();
      pool.release(a);
      assert.equal(await next, a, 'the campaign goes on with the healthy slot');
      while (b.state === 'resetting') await sleep(200);
      assert.equal(b.state, 'quarantined');
      assert.deepEqual(pool.stats.quarantined, ['etcd-eval-25']);
      assert.equal(pool.stats.resetFailures, 2);
      assert.match(b.lastError ?? '', /etcd-eval-25[_-]etcd\d[_-]1: exited \(exit code [1-9]/, 'names the exited container and its state');
      assert.match(b.lastError ?? '', /no space left on device/, 'quotes its log');
      assert.deepEqual(await engine.containers({ [COMPOSE_PROJECT_LABEL]: 'etcd-eval-25' }), [], 'a failed bring-up is taken down');

      await setVariable(a, 'ETCD_DATA_SIZE', '64k');
      const waiting = pool.acquire();
      pool.release(a);
      await assert.rejects(waiting, (error: unknown) => {
        assert.ok(error instanceof PoolExhaustedError);
        assert.match(error.message, /no usable slot is left/);
        assert.match(error.message, /etcd-eval-24/);
        assert.match(error.message, /etcd-eval-25/);
        return true;
      });
      await assert.rejects(pool.acquire(), PoolExhaustedError);
    } finally {
      await pool.shutdown();
    }
    assert.deepEqual(await leftovers(campaign), { containers: [], networks: [], volumes: [] });
  });
});
