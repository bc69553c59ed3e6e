/**
 * The runbook operator's TiKV probe and PD's scheduler calls against recorded
 * PD answers on 127.0.0.1 (fixture shapes: see tikv-driver.test.ts). The
 * scheduler requests follow tikv/pd server/api/scheduler.go: POST /schedulers
 * with {name, store_id} creates grant-leader-scheduler; DELETE
 * /schedulers/grant-leader-scheduler-<store id> removes it, 404 when absent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContainerInfo } from '../../src/engine/docker-engine.ts';
import { TikvProbe } from '../../src/operator/runbook/tikv-probe.ts';
import type { ChaosContext } from '../../src/chaos/chaos-type.ts';
import { Random } from '../../src/chaos/random.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { SubjectClient } from '../../src/subjects/subject.ts';
import { leaderConcentration } from '../../src/subjects/tikv/leader-concentration.ts';
import { PdApi } from '../../src/subjects/tikv/pd-api.ts';
import { tikvSubject } from '../../src/subjects/tikv/tikv-subject.ts';
import { FixtureServer } from '../fixtures/tikv/pd-fixture-server.ts';

const LONG_AGO = '2026-01-01T00:00:00Z';

function container(service: string, state = 'running', startedAt = LONG_AGO, published: number[] = []): ContainerInfo {
  return {
    id: `id-${service}`,
    name: `tikv-eval-63_${service}_1`,
    project: 'tikv-eval-63',
    service,
    state,
    health: 'healthy',
    exitCode: 0,
    created: LONG_AGO,
    startedAt,
    labels: {},
    publishedPorts: published.length > 0 ? { '2379/tcp': published } : {},
  };
}

describe('TiKV runbook probe', () => {
  const server = new FixtureServer('tikv');
  before(() => server.start());
  after(() => server.stop());
  const probe = () => TikvProbe.fromEnv({ PD_ENDPOINT: `http://127.0.0.1:${server.port}` });
  const services = ['pd0', 'pd1', 'pd2', 'tikv0', 'tikv1', 'tikv2', 'prometheus', 'grafana'];
  const list = (...extra: ContainerInfo[]) => async () => [
    ...services.filter((s) => !extra.some((c) => c.service === s)).map((s) => container(s)),
    ...extra,
  ];

  function serve(stores: string, health = 'health-all.json'): void {
    server.routes({ '/pd/api/v1/stores': { fixture: stores }, '/pd/api/v1/health': { fixture: health } });
  }

  it('is healthy when PD members are healthy and stores Up', async () => {
    serve('stores-all-up.json');
    const result = await probe().check(list());
    assert.deepEqual([result.healthy, result.suspects], [true, []]);
  });

  for (const [fixture, service] of [
    ['stores-one-disconnected.json', 'tikv1'],
    ['stores-one-down.json', 'tikv2'],
    ['stores-one-offline.json', 'tikv0'],
    ['stores-unknown-state.json', 'tikv2'],
  ] as const) {
    it(`points at ${service}, the container behind a store that is not Up (${fixture})`, async () => {
      serve(fixture);
      const result = await probe().check(list());
      assert.equal(result.healthy, false);
      assert.deepEqual(result.suspects, [service]);
      assert.match(result.detail, new RegExp(`${service}:20160`));
    });
  }

  it('points at a PD member that PD calls unhealthy', async () => {
    serve('stores-all-up.json', 'health-member-false.json');
    const result = await probe().check(list());
    assert.deepEqual([result.healthy, result.suspects], [false, ['pd1']]);
  });

  it('leaves a store container that just started to rejoin instead of restarting it again', async () => {
    serve('stores-one-disconnected.json');
    const result = await probe().check(list(container('tikv1', 'running', new Date().toISOString())));
    assert.deepEqual([result.healthy, result.suspects], [false, []]);
  });

  it('points at the container publishing the PD port when PD does not answer', async () => {
    server.routes({
      '/pd/api/v1/stores': { status: 500, body: 'etcdserver: request timed out' },
      '/pd/api/v1/health': { status: 500, body: 'etcdserver: request timed out' },
    });
    const result = await probe().check(list(container('pd0', 'paused', LONG_AGO, [server.port])));
    assert.deepEqual([result.healthy, result.suspects], [false, ['pd0']]);
    assert.match(result.detail, /HTTP 500/);
  });

  it('needs PD_ENDPOINT', () => {
    assert.throws(() => TikvProbe.fromEnv({}), /PD_ENDPOINT is not set/);
  });
});

describe("PD's grant-leader scheduler calls", () => {
  const server = new FixtureServer('tikv');
  before(() => server.start());
  after(() => server.stop());
  const pd = () => new PdApi(`http://127.0.0.1:${server.port}`);

  it('creates grant-leader-scheduler for one store', async () => {
    server.routes({ 'POST /pd/api/v1/schedulers': { status: 200, body: 'The scheduler is created.' } });
    await pd().grantLeaders(3);
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.path, JSON.parse(r.body)]),
      [['POST', '/pd/api/v1/schedulers', { name: 'grant-leader-scheduler', store_id: 3 }]],
    );
  });

  it('removes it by store, and says when it was already gone', async () => {
    server.routes({ 'DELETE /pd/api/v1/schedulers/grant-leader-scheduler-3': { status: 200, body: 'The scheduler is removed.' } });
    assert.equal(await pd().revokeLeaderGrant(3), true);
    assert.equal(await pd().revokeLeaderGrant(2), false);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      ['DELETE /pd/api/v1/schedulers/grant-leader-scheduler-3', 'DELETE /pd/api/v1/schedulers/grant-leader-scheduler-2'],
    );
  });

  it('fails loudly when PD cannot remove it', async () => {
    server.routes({ 'DELETE /pd/api/v1/schedulers/grant-leader-scheduler-1': { status: 500, body: 'etcdserver: leader changed' } });
    await assert.rejects(pd().revokeLeaderGrant(1), /HTTP 500 .*leader changed/);
  });

  it('leader_concentration cleans up after a crash through the PD endpoint it recorded', async () => {
    server.routes({
      'GET /pd/api/v1/schedulers': { fixture: 'schedulers-with-grant.json' },
      'DELETE /pd/api/v1/schedulers/grant-leader-scheduler-1': { status: 200, body: 'The scheduler is removed.' },
    });
    const noClient = { operatorEnv: () => ({}) } as unknown as SubjectClient;
    const ctx = { subject: tikvSubject, client: noClient, random: new Random(1), logger: silentLogger } as unknown as ChaosContext;
    const target = { service: 'tikv0', containerId: 'x', containerName: 'x' };
    await leaderConcentration.cleanup(ctx, { type: 'leader_concentration', target, storeId: 1, pdEndpoint: pd().endpoint });
    assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), [
      'GET /pd/api/v1/schedulers',
      'DELETE /pd/api/v1/schedulers/grant-leader-scheduler-1',
    ]);
    await assert.rejects(leaderConcentration.cleanup(ctx, { type: 'leader_concentration', target, storeId: 1 }), /no PD endpoint/);
  });

  it('lists the schedulers', async () => {
    server.routes({ '/pd/api/v1/schedulers': { fixture: 'schedulers-with-grant.json' } });
    assert.ok((await pd().schedulers()).includes('grant-leader-scheduler'));
  });
});
