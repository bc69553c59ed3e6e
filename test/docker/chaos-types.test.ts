import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChaosContext, ChaosPlan, ChaosType } from '../../src/chaos/chaos-type.ts';
import { probeNetem } from '../../src/chaos/netem.ts';
import { chaosPreflight } from '../../src/chaos/preflight.ts';
import { CHAOS_TYPES } from '../../src/chaos/registry.ts';
import { parseDf } from '../../src/chaos/volume-fill.ts';
import type { ChaosSlot } from '../support/chaos-slot.ts';
import { fillFilesIn, markedRulesIn, startChaosSlot } from '../support/chaos-slot.ts';
import { engine, requireEngine } from '../support/docker.ts';
import { eventually } from '../support/eventually.ts';

interface Injected {
  chaos: ChaosType;
  ctx: ChaosContext;
  plan: ChaosPlan;
  cleanup(): Promise<void>;
}

async function inject(cs: ChaosSlot, type: string, params: Record<string, unknown> = {}, seed = 1): Promise<Injected> {
  const chaos = CHAOS_TYPES.get(type)!;
  const ctx = cs.context(seed);
  const plan = await chaos.plan(ctx, chaos.params.parse(params));
  await plan.apply();
  return { chaos, ctx, plan, cleanup: () => chaos.cleanup(ctx, plan.metadata) };
}

/** Healthy again, every container running, no rule with our mark, no fill file. */
async function assertClean(cs: ChaosSlot): Promise<void> {
  await cs.waitHealthy();
  const containers = await cs.slot.project.containers();
  assert.deepEqual(containers.filter((c) => c.state !== 'running').map((c) => `${c.name} ${c.state}`), []);
  assert.deepEqual(await markedRulesIn(cs.slot), []);
  assert.deepEqual(await fillFilesIn(cs.slot), []);
}

/** Whether a peer's etcdctl finds the member healthy over the Compose network. */
async function peerSeesHealthy(cs: ChaosSlot, peer: string, member: string): Promise<boolean> {
  const container = (await cs.slot.project.containers()).find((c) => c.service === peer)!;
  const { exitCode } = await engine.docker(
    ['exec', container.id, 'etcdctl', `--endpoints=http://${member}:2379`, '--dial-timeout=2s', '--command-timeout=2s', 'endpoint', 'health'],
    { okExitCodes: [1], timeoutMs: 20_000 },
  );
  return exitCode === 0;
}

async function memberState(cs: ChaosSlot, service: string): Promise<string | undefined> {
  return (await cs.slot.project.containers()).find((c) => c.service === service)?.state;
}

async function dataUsage(cs: ChaosSlot, service: string): Promise<number> {
  const container = (await cs.slot.project.containers()).find((c) => c.service === service)!;
  const { stdout } = await engine.docker(['exec', container.id, 'df', '-P', '-k', '/data']);
  const df = parseDf(stdout);
  return df.usedBytes / df.totalBytes;
}

describe('chaos types on a real etcd slot', { timeout: 900_000 }, () => {
  let cs: ChaosSlot;
  before(async () => {
    await requireEngine();
    cs = await startChaosSlot(30);
  });
  after(async () => {
    await cs?.[Symbol.asyncDispose]();
  });

  it('node_kill stops a member until cleanup starts it', async () => {
    const { plan, cleanup } = await inject(cs, 'node_kill');
    const target = plan.metadata.target.service;
    assert.equal(await memberState(cs, target), 'exited');
    const health = await cs.slot.client.health();
    assert.equal(health.members.find((m) => m.service === target)?.healthy, false);
    await cleanup();
    await assertClean(cs);
  });

  it('process_pause freezes a member so it stops answering, until unpaused', async () => {
    const { plan, cleanup } = await inject(cs, 'process_pause', {}, 2);
    const target = plan.metadata.target.service;
    assert.equal(await memberState(cs, target), 'paused');
    const health = await cs.slot.client.health();
    assert.match(health.members.find((m) => m.service === target)!.detail, /abort|timeout|timed out/i);
    await cleanup();
    await cleanup();
    await assertClean(cs);
  });

  it('network_partition cuts a member off: its peers see it unhealthy and keep a leader without it', async () => {
    const { plan, cleanup } = await inject(cs, 'network_partition', {}, 3);
    const target = plan.metadata.target.service;
    const peers = plan.metadata.peers as string[];
    const report = await eventually('the partitioned member loses the leader while its peers keep one', async () => {
      const h = await cs.slot.client.health();
      const ok = h.members.every((m) => m.healthy === (m.service !== target)) && h.leader && h.leader !== target;
      return ok ? h : undefined;
    });
    assert.ok(peers.includes(report.leader!));
    for (const peer of peers) assert.equal(await peerSeesHealthy(cs, peer, target), false, `${peer} sees ${target}`);
    const rulesOnce = await markedRulesIn(cs.slot);
    assert.ok(rulesOnce.some((l) => l.startsWith(`${target}: -A INPUT`)) && rulesOnce.some((l) => l.startsWith(`${target}: -A OUTPUT`)));
    await plan.apply();
    assert.deepEqual(await markedRulesIn(cs.slot), rulesOnce, 'a second apply adds no duplicate rule');
    await cleanup();
    await cleanup();
    await assertClean(cs);
    for (const peer of peers) assert.equal(await peerSeesHealthy(cs, peer, target), true);
  });

  it('asymmetric_partition cuts one follower off from the leader in one direction only', async () => {
    const { plan, cleanup } = await inject(cs, 'asymmetric_partition', { peer: 'leader' }, 4);
    const target = plan.metadata.target.service;
    const leader = plan.metadata.peer as string;
    assert.notEqual(target, leader);
    const rules = await markedRulesIn(cs.slot);
    assert.ok(rules.every((l) => l.startsWith(`${target}: `)) && !rules.some((l) => l.includes('-s ')), rules.join('\n'));
    await eventually('the cut-off follower loses the leader while the others stay healthy', async () => {
      const h = await cs.slot.client.health();
      return h.members.every((m) => m.healthy === (m.service !== target)) ? h : undefined;
    });
    await cleanup();
    await assertClean(cs);
  });

  it('leader_kill kills the member that was the leader; the others elect a new one', async () => {
    const leaderBefore = (await cs.waitHealthy()).leader;
    const { plan, cleanup } = await inject(cs, 'leader_kill', {}, 5);
    assert.equal(plan.metadata.target.service, leaderBefore);
    assert.equal(await memberState(cs, leaderBefore!), 'exited');
    await eventually('a new leader among the survivors', async () => {
      const leader = await cs.slot.client.leaderService();
      return leader && leader !== leaderBefore ? leader : undefined;
    });
    await cleanup();
    await assertClean(cs);
  });

  it('disk_pressure fills the data volume to the percentage, records the bytes, and cleanup removes the file', async () => {
    const { plan, cleanup } = await inject(cs, 'disk_pressure', { percent: 90 }, 6);
    const target = plan.metadata.target.service;
    const usage = await dataUsage(cs, target);
    assert.ok(usage >= 0.89 && usage <= 0.91, `usage ${usage}`);
    assert.match(plan.metadata.fillFile as string, /^\/data\/gauntlet-fill-[0-9a-f]{8}$/);
    assert.ok((plan.metadata.allocatedBytes as number) > 0);
    assert.equal(plan.metadata.ranOutOfSpace, false);
    assert.deepEqual(await fillFilesIn(cs.slot), [`${target}: ${(plan.metadata.fillFile as string).slice(6)}`]);
    await cleanup();
    await cleanup();
    assert.ok((await dataUsage(cs, target)) < 0.7);
    await assertClean(cs);
  });

  it('disk_pressure at 100% stops at "no space left" and records what it wrote', async () => {
    const { plan, cleanup } = await inject(cs, 'disk_pressure', { percent: 100 }, 7);
    try {
      assert.equal(plan.metadata.ranOutOfSpace, true);
      assert.equal(await dataUsage(cs, plan.metadata.target.service), 1);
      const { totalBytes, usedBeforeBytes, allocatedBytes } = plan.metadata as unknown as Record<string, number>;
      assert.ok(allocatedBytes! > 0 && allocatedBytes! <= totalBytes! - usedBeforeBytes!);
    } finally {
      await cleanup();
    }
    await assertClean(cs);
  });

  it('latency and packet_loss refuse clearly on a kernel without sch_netem', async (t) => {
    if ((await probeNetem(engine)).supported) return t.skip('this kernel has sch_netem');
    for (const type of ['latency', 'packet_loss']) {
      const chaos = CHAOS_TYPES.get(type)!;
      const problems = await chaos.preflight!(engine);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, new RegExp(`^${type} needs tc netem.*sch_netem.*gauntlet doctor`));
      await assert.rejects(chaos.plan(cs.context(), chaos.params.parse({})), /sch_netem/);
    }
    assert.equal((await chaosPreflight(engine, ['node_kill', 'latency', 'packet_loss', 'latency'])).length, 2);
    await assertClean(cs);
  });

  it('cleanup counts a target that is gone as cleaned', async () => {
    const { plan, cleanup } = await inject(cs, 'network_partition', {}, 8);
    await engine.docker(['rm', '-f', plan.metadata.target.containerId]);
    await cleanup();
    await cs.slot.project.up();
    await assertClean(cs);
  });
});
