import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChaosContext } from '../../src/chaos/chaos-type.ts';
import { markedRuleLines } from '../../src/chaos/net-rules.ts';
import { NETTOOLS_IMAGE } from '../../src/chaos/net-tools.ts';
import { Random } from '../../src/chaos/random.ts';
import { detectCompose } from '../../src/compose/compose-cli.ts';
import { ComposeProject } from '../../src/compose/compose-project.ts';
import type { ContainerInfo } from '../../src/engine/docker-engine.ts';
import { createTicketStore, TicketStoreReader } from '../../src/operator/ticket-store.ts';
import { runRunbookOperator } from '../../src/operator/runbook/runbook-operator.ts';
import { TikvProbe } from '../../src/operator/runbook/tikv-probe.ts';
import { repoPath } from '../../src/paths.ts';
import { leaderConcentration } from '../../src/subjects/tikv/leader-concentration.ts';
import { pdLeaderKill } from '../../src/subjects/tikv/pd-leader-kill.ts';
import { storePartition } from '../../src/subjects/tikv/store-partition.ts';
import { TikvClient } from '../../src/subjects/tikv/tikv-client.ts';
import { tikvSubject } from '../../src/subjects/tikv/tikv-subject.ts';
import { FixtureServer } from '../fixtures/tikv/pd-fixture-server.ts';
import { engine, requireEngine, tempDir, testLogger } from '../support/docker.ts';
import { eventually } from '../support/eventually.ts';

const SLOT = 63;
const PROJECT = `tikv-eval-${SLOT}`;

/**
 * TiKV's own chaos types against real containers standing in for the
 * subject's services (test/fixtures/tikv/stand-in-compose.yaml), with PD's
 * API answered from recorded responses on 127.0.0.1: the Docker side (kill,
 * start, iptables) runs for real; only PD and TiKV themselves are absent.
 */
describe('TiKV chaos on stand-in containers', { timeout: 240_000 }, () => {
  const pd = new FixtureServer('tikv');
  let project: ComposeProject;

  before(async () => {
    await requireEngine();
    const flavour = await detectCompose(engine);
    if (!flavour) throw new Error('no Compose CLI installed');
    const envFile = join(await tempDir('tikv-chaos'), `${PROJECT}.env`);
    const file = repoPath('test', 'fixtures', 'tikv', 'stand-in-compose.yaml');
    project = new ComposeProject(engine, flavour, { project: PROJECT, file, envFile }, testLogger(PROJECT));
    await project.writeEnvFile({ NETTOOLS_IMAGE, GAUNTLET_CAMPAIGN: 'tikv-chaos-test', GAUNTLET_SLOT: String(SLOT) });
    await project.down();
    await project.up();
    await pd.start();
  });

  after(async () => {
    await project?.down();
    await pd.stop();
  });

  function context(seed = 1): ChaosContext {
    const client = new TikvClient({ PD_HOST_PORT: pd.port, PROM_HOST_PORT: 1 }, project, testLogger('tikv'));
    return { project, subject: tikvSubject, client, random: new Random(seed), logger: testLogger('chaos') };
  }

  async function byService(): Promise<Map<string, ContainerInfo>> {
    return new Map((await project.containers()).map((c) => [c.service, c]));
  }

  /** Whether one container reaches another over the project network (one ping). */
  async function reaches(from: ContainerInfo, to: ContainerInfo): Promise<boolean> {
    const { stdout } = await engine.docker(['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', to.id]);
    const { exitCode } = await engine.docker(['exec', from.id, 'ping', '-c', '1', '-W', '2', stdout.trim()], { okExitCodes: [1] });
    return exitCode === 0;
  }

  it('pd_leader_kill kills the member PD names as leader; cleanup starts it again', async () => {
    pd.routes({ '/pd/api/v1/leader': { fixture: 'leader.json' } });
    const ctx = context();
    const plan = await pdLeaderKill.plan(ctx, { signal: 'SIGKILL' });
    assert.equal(plan.metadata.target.service, 'pd2');
    await plan.apply();
    const killed = await byService();
    assert.equal(killed.get('pd2')!.state, 'exited');
    assert.deepEqual(['pd0', 'pd1', 'tikv0', 'tikv1', 'tikv2'].map((s) => killed.get(s)!.state), Array(5).fill('running'));
    await pdLeaderKill.cleanup(ctx, plan.metadata);
    await pdLeaderKill.cleanup(ctx, plan.metadata);
    const after = (await byService()).get('pd2')!;
    assert.deepEqual([after.state, after.id], ['running', plan.metadata.target.containerId]);
  });

  it('store_partition cuts one store off from its peer stores and every PD member, until cleanup', async () => {
    const ctx = context(7);
    const plan = await storePartition.plan(ctx, {});
    const target = plan.metadata.target.service;
    assert.match(target, /^tikv[012]$/);
    assert.deepEqual(
      [...(plan.metadata.peers as string[])].sort(),
      ['pd0', 'pd1', 'pd2', 'tikv0', 'tikv1', 'tikv2'].filter((s) => s !== target),
    );
    const containers = await byService();
    const store = containers.get(target)!;
    const peer = containers.get((plan.metadata.peers as string[]).find((s) => s.startsWith('tikv'))!)!;
    assert.equal(await reaches(store, containers.get('pd0')!), true, 'reachable before');
    await plan.apply();
    try {
      assert.equal(await reaches(store, containers.get('pd0')!), false, 'store to PD');
      assert.equal(await reaches(containers.get('pd1')!, store), false, 'PD to store');
      assert.equal(await reaches(store, peer), false, 'store to peer store');
    } finally {
      await storePartition.cleanup(ctx, plan.metadata);
    }
    assert.equal(await reaches(store, containers.get('pd0')!), true, 'reachable after cleanup');
    assert.deepEqual(await markedRuleLines(engine, store.id), []);
    await storePartition.cleanup(ctx, plan.metadata);
  });

  it('leader_concentration grants every leader to the container behind an Up store; cleanup removes the scheduler', async () => {
    const deletes = Object.fromEntries(
      [1, 2, 3].map((id) => [`DELETE /pd/api/v1/schedulers/grant-leader-scheduler-${id}`, { status: 200, body: 'The scheduler is removed.' }]),
    );
    pd.routes({
      '/pd/api/v1/stores': { fixture: 'stores-one-disconnected.json' },
      'POST /pd/api/v1/schedulers': { status: 200, body: 'The scheduler is created.' },
      'GET /pd/api/v1/schedulers': { fixture: 'schedulers-with-grant.json' },
      ...deletes,
    });
    const ctx = context(3);
    const plan = await leaderConcentration.plan(ctx, {});
    const storeId = plan.metadata.storeId as number;
    assert.notEqual(storeId, 2, 'a Disconnected store is never chosen');
    assert.equal(plan.metadata.target.service, `tikv${storeId - 1}`);
    assert.equal(plan.metadata.target.containerId, (await byService()).get(`tikv${storeId - 1}`)!.id);
    await plan.apply();
    await leaderConcentration.cleanup(ctx, plan.metadata);
    assert.deepEqual(
      pd.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.body}`),
      [
        `POST /pd/api/v1/schedulers {"name":"grant-leader-scheduler","store_id":${storeId}}`,
        `DELETE /pd/api/v1/schedulers/grant-leader-scheduler-${storeId} `,
      ],
    );
    pd.routes({ 'GET /pd/api/v1/schedulers': { fixture: 'schedulers.json' } });
    await leaderConcentration.cleanup(ctx, plan.metadata);
    assert.deepEqual(pd.requests.map((r) => `${r.method} ${r.path}`), ['GET /pd/api/v1/schedulers']);
  });

  it('the runbook operator starts the container behind a store PD calls Disconnected, then resolves', async () => {
    const tikv1 = (await byService()).get('tikv1')!;
    await engine.docker(['kill', tikv1.id]);
    pd.routes({ '/pd/api/v1/stores': { fixture: 'stores-one-disconnected.json' }, '/pd/api/v1/health': { fixture: 'health-all.json' } });
    const storePath = join(await tempDir('tikv-runbook'), 'tickets.db');
    createTicketStore(storePath);
    const reader = new TicketStoreReader(storePath);
    const stop = new AbortController();
    const operator = runRunbookOperator({
      project: PROJECT,
      storePath,
      probe: TikvProbe.fromEnv({ PD_ENDPOINT: `http://127.0.0.1:${pd.port}` }),
      engine,
      logger: testLogger('runbook'),
      signal: stop.signal,
      pollMs: 100,
    });
    try {
      const started = await eventually('the operator starts tikv1', async () =>
        reader.logEntries().find((e) => e.toolParams === `start ${tikv1.name}`),
      );
      assert.equal(started.exitCode, 0);
      assert.equal((await byService()).get('tikv1')!.state, 'running');
      pd.routes({ '/pd/api/v1/stores': { fixture: 'stores-all-up.json' }, '/pd/api/v1/health': { fixture: 'health-all.json' } });
      const ticket = await eventually('the ticket is resolved', async () => reader.tickets().find((t) => t.status === 'resolved'));
      assert.match(ticket.summary, /store 2 \(tikv1:20160\) is Disconnected/);
      assert.deepEqual(reader.tickets().length, 1);
    } finally {
      stop.abort();
      await operator;
      reader.close();
    }
  });
});
