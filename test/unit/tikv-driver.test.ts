/**
 * The TiKV driver against recorded PD API answers, served from 127.0.0.1.
 * Where each fixture's shape comes from (tikv/pd, server/api/):
 * - stores-*.json: store.go, StoresInfo {count, stores: [StoreInfo {store: MetaStore, status}]};
 *   MetaStore is metapb.Store plus state_name. state is a protobuf enum (Up 0,
 *   Offline 1, Tombstone 2) and 0 is omitted from JSON; Disconnected and Down
 *   are names PD gives an Up store that stopped sending heartbeats (newStoreInfo).
 * - health-*.json: health.go, [Health {name, member_id, client_urls, health}].
 * - leader.json: router.go /leader, a pdpb.Member {name, member_id, peer_urls, client_urls}.
 * - regions-count.json: region.go GetRegionCount, RegionsInfo {count}.
 * - schedulers*.json: scheduler.go GetSchedulers, a list of scheduler names.
 * - a PD that answers 500 with a JSON string is what every handler does on an
 *   internal error (h.rd.JSON(w, http.StatusInternalServerError, err.Error())).
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ComposeProject } from '../../src/compose/compose-project.ts';
import { createLogger } from '../../src/log/logger.ts';
import { TikvClient } from '../../src/subjects/tikv/tikv-client.ts';
import { FixtureServer } from '../fixtures/tikv/pd-fixture-server.ts';

/** A port on 127.0.0.1 that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const noContainers = { containers: async () => [] } as unknown as ComposeProject;

function client(server: FixtureServer, lines: string[] = []): TikvClient {
  const logger = createLogger('tikv-test', { level: 'warn', sink: { write: (line) => lines.push(line) } });
  return new TikvClient({ PD_HOST_PORT: server.port, PROM_HOST_PORT: 19090 }, noContainers, logger);
}

describe('TiKV driver against recorded PD answers', () => {
  const server = new FixtureServer('tikv');
  before(() => server.start());
  after(() => server.stop());

  function serve(stores: string, health = 'health-all.json'): void {
    server.routes({
      '/pd/api/v1/stores': { fixture: stores },
      '/pd/api/v1/health': { fixture: health },
      '/pd/api/v1/leader': { fixture: 'leader.json' },
      '/pd/api/v1/regions/count': { fixture: 'regions-count.json' },
    });
  }

  it('is healthy with every PD member healthy and three stores Up', async () => {
    serve('stores-all-up.json');
    const report = await client(server).health();
    assert.deepEqual(report.problems, []);
    assert.equal(report.healthy, true);
    assert.equal(report.leader, 'pd2');
    assert.deepEqual(
      report.members.map((m) => [m.service, m.healthy]),
      [['pd0', true], ['pd1', true], ['pd2', true], ['tikv0', true], ['tikv1', true], ['tikv2', true]],
    );
  });

  const notUp: Array<[string, string, string]> = [
    ['stores-one-disconnected.json', 'tikv1:20160', 'Disconnected'],
    ['stores-one-down.json', 'tikv2:20160', 'Down'],
    ['stores-one-offline.json', 'tikv0:20160', 'Offline'],
    ['stores-tombstone-of-three.json', 'tikv2:20160', 'Tombstone'],
  ];
  for (const [fixture, address, state] of notUp) {
    it(`is unhealthy when a store is ${state} (by state_name, whatever the numeric state)`, async () => {
      serve(fixture);
      const report = await client(server).health();
      assert.equal(report.healthy, false);
      assert.ok(report.problems.some((p) => p.includes(address) && p.includes(state)), report.problems.join('; '));
      assert.ok(report.problems.includes('2 store(s) Up, need at least 3'), report.problems.join('; '));
    });
  }

  it('stays healthy when a removed (Tombstone) store sits beside three Up stores', async () => {
    serve('stores-up-and-tombstone.json');
    const report = await client(server).health();
    assert.equal(report.healthy, true, report.problems.join('; '));
    assert.ok(report.members.some((m) => m.service === 'tikv9:20160' && !m.healthy && m.detail === 'store 4 Tombstone'));
  });

  it('counts a state_name it does not know as not Up and logs it once', async () => {
    serve('stores-unknown-state.json');
    const lines: string[] = [];
    const tikv = client(server, lines);
    const first = await tikv.health();
    await tikv.health();
    assert.equal(first.healthy, false);
    assert.ok(first.problems.some((p) => p.includes('tikv2:20160') && p.includes('Serving')));
    assert.equal(lines.length, 1, lines.join(''));
    assert.match(lines[0]!, /warn .*"Serving".*not Up/);
  });

  it('is unhealthy when PD reports a member unhealthy', async () => {
    serve('stores-all-up.json', 'health-member-false.json');
    const report = await client(server).health();
    assert.equal(report.healthy, false);
    assert.deepEqual(report.problems, ['PD member pd1 is not healthy']);
    assert.equal(report.members.find((m) => m.service === 'pd1')?.healthy, false);
  });

  it('is unhealthy, not failing, when PD answers 500', async () => {
    server.routes({
      '/pd/api/v1/stores': { status: 500, body: 'cluster is not bootstrapped' },
      '/pd/api/v1/health': { fixture: 'health-all.json' },
    });
    const report = await client(server).health();
    assert.equal(report.healthy, false);
    assert.match(report.problems[0]!, new RegExp(`^PD at http://127\\.0\\.0\\.1:${server.port} does not answer: .*HTTP 500`));
  });

  it('is unhealthy, not hanging, when PD does not answer in time', async () => {
    server.routes({ '/pd/api/v1/stores': { hang: true }, '/pd/api/v1/health': { hang: true } });
    const report = await client(server).health();
    assert.equal(report.healthy, false);
    assert.match(report.problems[0]!, /does not answer: .*timed out/);
  });

  it('is unhealthy when nothing listens on the PD port', async () => {
    const port = await closedPort();
    const closed = new TikvClient({ PD_HOST_PORT: port, PROM_HOST_PORT: 2 }, noContainers, createLogger('t', { level: 'error' }));
    const report = await closed.health();
    assert.equal(report.healthy, false);
    assert.match(report.problems[0]!, new RegExp(`127\\.0\\.0\\.1:${port} does not answer: .*ECONNREFUSED`));
  });

  it('captures stores (id, address, state_name), the region count and the PD leader', async () => {
    serve('stores-one-disconnected.json');
    const state = await client(server).capture();
    assert.deepEqual(state.details, {
      stores: [
        { id: 1, address: 'tikv0:20160', state_name: 'Up' },
        { id: 2, address: 'tikv1:20160', state_name: 'Disconnected' },
        { id: 3, address: 'tikv2:20160', state_name: 'Up' },
      ],
      regionCount: 24,
      pdLeader: 'pd2',
    });
    assert.equal(state.health.healthy, false);
  });

  it('tells the operator the slot\'s PD and Prometheus on 127.0.0.1', () => {
    assert.deepEqual(client(server).operatorEnv(), {
      PD_ENDPOINT: `http://127.0.0.1:${server.port}`,
      PROMETHEUS_URL: 'http://127.0.0.1:19090',
    });
  });

  it('names the PD leader as its service', async () => {
    serve('stores-all-up.json');
    assert.equal(await client(server).leaderService(), 'pd2');
  });

  it('refuses a port plan without the PD port', () => {
    assert.throws(() => new TikvClient({ PROM_HOST_PORT: 9090 }, noContainers, createLogger('t')), /no PD_HOST_PORT/);
  });
});
