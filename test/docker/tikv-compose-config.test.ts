import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { detectCompose, type ComposeFlavour } from '../../src/compose/compose-cli.ts';
import { ComposeProject } from '../../src/compose/compose-project.ts';
import { planPorts, slotPorts } from '../../src/ports/port-plan.ts';
import { TIKV_IMAGES, tikvSubject } from '../../src/subjects/tikv/tikv-subject.ts';
import { engine, tempDir, testLogger } from '../support/docker.ts';

interface RenderedService {
  image: string;
  labels?: Record<string, string>;
  ports?: Array<string | { host_ip?: string; published: string | number; target: number }>;
}

/** "host_ip:published:target" of every port a rendered service publishes, for v1's short and v2's long syntax. */
function published(service: RenderedService): string[] {
  return (service.ports ?? []).map((p) =>
    typeof p === 'string' ? p.replace(/\/tcp$/, '') : `${p.host_ip ?? ''}:${p.published}:${p.target}`,
  );
}

/**
 * Renders the TiKV Compose file with the installed Compose CLI, for slots 0
 * to 4, each from an env file written the way the pool writes it. Nothing is
 * started: `config` only resolves the file.
 */
describe('the TiKV Compose file rendered for slots 0 to 4', { timeout: 120_000 }, () => {
  let flavour: ComposeFlavour;
  before(async () => {
    const found = await detectCompose(engine);
    if (!found) throw new Error('no Compose CLI (docker compose or docker-compose) is installed');
    flavour = found;
  });

  it('publishes exactly the planned ports, on 127.0.0.1, and labels the slot', async () => {
    const dir = await tempDir('tikv-config');
    const plan = planPorts('tikv', tikvSubject.ports, [0, 1, 2, 3, 4], 10_000);
    assert.deepEqual(plan.problems, []);
    const images = Object.fromEntries(TIKV_IMAGES.map((i) => [i.variable, i.candidates[0]!]));
    for (const slotPlan of plan.slots) {
      const envFile = join(dir, `${slotPlan.project}.env`);
      const project = new ComposeProject(engine, flavour, { project: slotPlan.project, file: tikvSubject.composeFile, envFile }, testLogger('compose'));
      await project.writeEnvFile({ ...images, ...slotPorts(slotPlan), GAUNTLET_CAMPAIGN: 'config-test', GAUNTLET_SLOT: String(slotPlan.slot) } as Record<string, string>);
      const rendered = parse(await project.compose(['config'], 60_000)) as { services: Record<string, RenderedService> };
      const actual = Object.entries(rendered.services)
        .flatMap(([name, s]) => published(s).map((p) => `${name} ${p}`))
        .sort();
      const containerPorts: Record<string, number> = {
        PD_HOST_PORT: 2379,
        TIKV_HOST_PORT: 20160,
        TIKV_STATUS_HOST_PORT: 20180,
        PROM_HOST_PORT: 9090,
        GRAFANA_HOST_PORT: 3000,
      };
      const expected = slotPlan.ports.map((p) => `${p.service} 127.0.0.1:${p.port}:${containerPorts[p.variable]}`).sort();
      assert.deepEqual(actual, expected, `slot ${slotPlan.slot}`);
      for (const [name, service] of Object.entries(rendered.services)) {
        assert.equal(service.labels?.['dev.gauntlet.slot'], String(slotPlan.slot), `${name} of slot ${slotPlan.slot}`);
        assert.equal(service.labels?.['dev.gauntlet.subject'], 'tikv');
      }
    }
  });

  it('renders the official images by default and the env file\'s images when given', async () => {
    const dir = await tempDir('tikv-config');
    const envFile = join(dir, 'tikv-eval-63.env');
    const project = new ComposeProject(engine, flavour, { project: 'tikv-eval-63', file: tikvSubject.composeFile, envFile }, testLogger('compose'));
    await project.writeEnvFile({});
    const defaults = parse(await project.compose(['config'], 60_000)) as { services: Record<string, RenderedService> };
    assert.equal(defaults.services.pd0!.image, 'pingcap/pd:v8.5.0');
    assert.equal(defaults.services.tikv0!.image, 'pingcap/tikv:v8.5.0');
    await project.writeEnvFile({ PD_IMAGE: 'example.test/pd:custom', TIKV_IMAGE: 'example.test/tikv:custom' });
    const custom = parse(await project.compose(['config'], 60_000)) as { services: Record<string, RenderedService> };
    assert.deepEqual(
      Object.entries(custom.services).map(([name, s]) => [name, s.image]).sort(),
      [
        ['grafana', 'grafana/grafana:11.3.0'],
        ['pd0', 'example.test/pd:custom'],
        ['pd1', 'example.test/pd:custom'],
        ['pd2', 'example.test/pd:custom'],
        ['prometheus', 'prom/prometheus:v2.53.0'],
        ['tikv0', 'example.test/tikv:custom'],
        ['tikv1', 'example.test/tikv:custom'],
        ['tikv2', 'example.test/tikv:custom'],
        ['volumes', 'example.test/tikv:custom'],
      ],
    );
  });
});
