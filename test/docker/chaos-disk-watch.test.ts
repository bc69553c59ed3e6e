import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHAOS_TYPES } from '../../src/chaos/registry.ts';
import { DiskWatch } from '../../src/operator/runbook/disk-watch.ts';
import type { ChaosSlot } from '../support/chaos-slot.ts';
import { startChaosSlot } from '../support/chaos-slot.ts';
import { engine, requireEngine } from '../support/docker.ts';

describe("the runbook's disk watch on a real etcd slot", { timeout: 300_000 }, () => {
  let cs: ChaosSlot;
  before(async () => {
    await requireEngine();
    cs = await startChaosSlot(32);
  });
  after(async () => {
    await cs?.[Symbol.asyncDispose]();
  });

  const containers = () => cs.slot.project.containers();

  it('sees no full volume on a fresh slot', async () => {
    assert.deepEqual(await new DiskWatch(engine).check(containers), []);
  });

  it('finds the fill file as stray, but nothing removable when etcd\'s own data dir holds the bulk', async () => {
    const chaos = CHAOS_TYPES.get('disk_pressure')!;
    const ctx = cs.context(3);
    const plan = await chaos.plan(ctx, chaos.params.parse({ percent: 95 }));
    await plan.apply();
    const target = plan.metadata.target;
    const [full] = await new DiskWatch(engine).check(containers);
    assert.equal(full?.container.service, target.service);
    assert.equal(full?.mountPath, '/data');
    assert.equal(full?.via.container.service, 'volumes', 'no exec enters the member');
    assert.deepEqual(full?.strayEntries, [String(plan.metadata.fillFile).slice('/data/'.length)]);
    await chaos.cleanup(ctx, plan.metadata);

    await engine.docker(['exec', target.containerId, 'dd', 'if=/dev/zero', 'of=/data/member/ballast', 'bs=1048576', 'count=120']);
    const [own] = await new DiskWatch(engine).check(containers);
    assert.equal(own?.container.service, target.service);
    assert.deepEqual(own?.strayEntries, []);
    await engine.docker(['exec', target.containerId, 'rm', '/data/member/ballast']);
    assert.deepEqual(await new DiskWatch(engine).check(containers), []);
  });

  it("reads a member's volume through the container that keeps it mounted, even when the member has no df", async () => {
    const chaos = CHAOS_TYPES.get('disk_pressure')!;
    const ctx = cs.context(5);
    const plan = await chaos.plan(ctx, chaos.params.parse({ percent: 95 }));
    const target = plan.metadata.target;
    // like the distroless official image: the member has no df at all
    await engine.docker(['exec', target.containerId, 'rm', '/bin/df']);
    await assert.rejects(engine.docker(['exec', target.containerId, 'df', '/data']));
    await plan.apply();
    const [full] = await new DiskWatch(engine).check(containers);
    assert.equal(full?.container.service, target.service, 'the full volume is named after its member');
    assert.equal(full?.mountPath, '/data');
    assert.equal(full?.via.container.service, 'volumes');
    assert.equal(full?.via.mountPath, `/keep/${target.service}`);
    assert.deepEqual(full?.strayEntries, [String(plan.metadata.fillFile).slice('/data/'.length)]);
    await chaos.cleanup(ctx, plan.metadata);
  });
});
