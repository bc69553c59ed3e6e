import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { before, describe, it } from 'node:test';
import { COMPOSE_PROJECT_LABEL } from '../../src/engine/docker-engine.ts';
import { checkNetworkCapacity, removeStaleNetworks } from '../../src/pool/network-preflight.ts';
import { MANAGED_LABEL, PreflightError } from '../../src/pool/preflight.ts';
import { planPorts } from '../../src/ports/port-plan.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';
import { runTestCampaign } from '../support/campaigns.ts';
import { engine, requireEngine, TEST_PORT_STRIDE, testLogger } from '../support/docker.ts';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve(server));
  });
}

describe('preflight on the real engine', { timeout: 120_000 }, () => {
  before(requireEngine);

  it('refuses a run whose planned port another process holds, before starting anything, naming the port', async () => {
    // slot 21's etcd1 client port with the test stride
    const taken = 2479 + 21 * TEST_PORT_STRIDE;
    const server = await listen(taken);
    try {
      await assert.rejects(runTestCampaign({ first_slot: 20, parallel: 2, trials_per_combination: 2 }), (error: unknown) => {
        assert.ok(error instanceof PreflightError, `a preflight error, got ${String(error)}`);
        assert.match(error.message, new RegExp(`port ${taken} of slot 21 \\(etcd1 client, ETCD1_HOST_PORT\\) is taken`));
        return true;
      });
    } finally {
      await new Promise((done) => server.close(done));
    }
    for (const project of ['etcd-eval-20', 'etcd-eval-21']) {
      assert.deepEqual(await engine.containers({ [COMPOSE_PROJECT_LABEL]: project }), [], `nothing of ${project} was started`);
      assert.deepEqual(await engine.listIds('network', { [COMPOSE_PROJECT_LABEL]: project }), []);
    }
  });

  it('refuses a plan that needs more networks than the engine has address pools for, naming the numbers', async () => {
    const numbers = Array.from({ length: 40 }, (_, i) => i);
    const plans = planPorts('etcd', etcdSubject.ports, numbers, 1).slots;
    await assert.rejects(checkNetworkCapacity(engine, etcdSubject.composeFile, plans), (error: unknown) => {
      assert.ok(error instanceof PreflightError);
      assert.match(error.message, /the plan needs 40 new network\(s\) \(40 slot\(s\) x 1\) but the engine can create only \d+ more: its address pools hold 31 networks and \d+ are in use/);
      return true;
    });
    const fits = await checkNetworkCapacity(engine, etcdSubject.composeFile, plans.slice(0, 2));
    assert.equal(fits.needed, 2);
    assert.ok(fits.free >= 2 && fits.free <= 30);
  });

  it('removes empty networks labelled as ours, but not one a stopped container of its project still uses', async () => {
    const campaign = `test-stale-${randomBytes(3).toString('hex')}`;
    const labels = (project: string) => [
      ...['--label', `${MANAGED_LABEL}=true`],
      ...['--label', `dev.gauntlet.campaign=${campaign}`],
      ...['--label', `${COMPOSE_PROJECT_LABEL}=${project}`],
    ];
    const stale = `${campaign}-stale`;
    const used = `${campaign}-used`;
    await engine.docker(['network', 'create', ...labels('etcd-eval-28'), stale]);
    await engine.docker(['network', 'create', ...labels('etcd-eval-29'), used]);
    const image = (await engine.imageExists('gauntlet-local/etcd:3.4')) ? 'gauntlet-local/etcd:3.4' : 'gcr.io/etcd-development/etcd:v3.5.17';
    const { stdout: container } = await engine.docker(['create', '--network', used, ...labels('etcd-eval-29'), image, 'true']);
    try {
      const scope = { labels: { 'dev.gauntlet.campaign': campaign } };
      assert.deepEqual(await removeStaleNetworks(engine, testLogger('stale'), scope), [], 'a young network may belong to a project coming up now');
      assert.deepEqual(await removeStaleNetworks(engine, testLogger('stale'), { ...scope, minAgeMs: 0 }), [stale]);
      const left = await engine.networks({ 'dev.gauntlet.campaign': campaign });
      assert.deepEqual(left.map((n) => n.name), [used]);
    } finally {
      await engine.remove('container', [container.trim()]);
      await engine.remove('network', [stale, used]);
    }
  });
});
