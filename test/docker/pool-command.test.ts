import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { listSlotProjects, type SlotProjectInfo } from '../../src/pool/slot-inventory.ts';
import { engine, leftovers, requireEngine } from '../support/docker.ts';
import { etcdTestPool } from '../support/pool-slots.ts';

const CLI = fileURLToPath(new URL('../../bin/gauntlet.mjs', import.meta.url));

async function gauntlet(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { timeout: 120_000 });
  return stdout;
}

describe('gauntlet pool status and down', { timeout: 240_000 }, () => {
  before(requireEngine);

  it('lists running slot projects by label and takes them down', async () => {
    const { pool, campaign } = await etcdTestPool(28, 2);
    try {
      await pool.start();
      const slot = await pool.acquire();
      const member = (await slot.project.containers()).find((c) => c.service === 'etcd2')!;
      await engine.docker(['kill', member.id]);
      // Docker's own health checks run every 5 s; wait until they have an answer.
      while ((await listSlotProjects(engine, { campaign })).some((p) => p.health === 'starting')) await sleep(500);

      const listed = JSON.parse(await gauntlet('pool', 'status', '--json', '--campaign', campaign)) as SlotProjectInfo[];
      assert.deepEqual(
        listed.map((p) => [p.project, p.subject, p.slot, p.campaign, p.ports]).sort(),
        [
          ['etcd-eval-28', 'etcd', 28, campaign, [30379, 30479, 30579]],
          ['etcd-eval-29', 'etcd', 29, campaign, [31379, 31479, 31579]],
        ],
      );
      const byProject = Object.fromEntries(listed.map((p) => [p.project, p]));
      assert.equal(byProject['etcd-eval-29']!.health, 'healthy');
      assert.equal(byProject['etcd-eval-28']!.health, 'degraded');
      assert.deepEqual(byProject['etcd-eval-28']!.problems, ['etcd2: exited']);
      assert.ok(listed.every((p) => p.ageMs >= 0 && p.containers === 4));

      const table = await gauntlet('pool', 'status', '--campaign', campaign);
      assert.match(table, /etcd-eval-29 .*│ etcd .*│ 29 .*│ 31379, 31479, 31579 │ healthy/);

      const removed = JSON.parse(await gauntlet('pool', 'down', '--json', '--campaign', campaign));
      assert.deepEqual(removed, { projects: ['etcd-eval-28', 'etcd-eval-29'], containers: 8, networks: 2, volumes: 6 });
      assert.deepEqual(await leftovers(campaign), { containers: [], networks: [], volumes: [] });
      assert.deepEqual(JSON.parse(await gauntlet('pool', 'status', '--json', '--campaign', campaign)), []);
    } finally {
      await pool.shutdown();
    }
  });

  it('with --all also removes networks and volumes labelled as ours that no container uses', async () => {
    const campaign = `test-orphans-${Date.now()}`;
    const labels = ['--label', 'dev.gauntlet.managed=true', '--label', `dev.gauntlet.campaign=${campaign}`];
    await engine.docker(['network', 'create', ...labels, `${campaign}-net`]);
    await engine.docker(['volume', 'create', ...labels, `${campaign}-vol`]);
    assert.deepEqual(JSON.parse(await gauntlet('pool', 'down', '--json', '--campaign', campaign)), {
      projects: [],
      containers: 0,
      networks: 0,
      volumes: 0,
    });
    assert.equal((await leftovers(campaign)).volumes.length, 1, 'without --all, only projects go');
    assert.deepEqual(JSON.parse(await gauntlet('pool', 'down', '--all', '--json', '--campaign', campaign)), {
      projects: [],
      containers: 0,
      networks: 1,
      volumes: 1,
    });
    assert.deepEqual(await leftovers(campaign), { containers: [], networks: [], volumes: [] });
  });
});
