import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CHAOS_TYPES } from '../../src/chaos/registry.ts';
import { composeCommand } from '../../src/compose/compose-cli.ts';
import { planPorts, projectName, slotPorts } from '../../src/ports/port-plan.ts';
import { TIKV_IMAGES, TIKV_SUBJECT_CHAOS, tikvSubject } from '../../src/subjects/tikv/tikv-subject.ts';

/** The port table of the product's design: slot N adds N * 10000 to every standard port. */
const DESIGN_TABLE: Array<[number, Record<string, number>]> = [0, 1, 2, 3, 4].map((n) => [
  n,
  {
    PD_HOST_PORT: 2379 + n * 10_000,
    TIKV_HOST_PORT: 20160 + n * 10_000,
    TIKV_STATUS_HOST_PORT: 20180 + n * 10_000,
    PROM_HOST_PORT: 9090 + n * 10_000,
    GRAFANA_HOST_PORT: 3000 + n * 10_000,
  },
]);

describe('TiKV port plan and Compose command lines', () => {
  it('plans slots 0 to 4 exactly as the design table, with their project names', () => {
    const plan = planPorts('tikv', tikvSubject.ports, [0, 1, 2, 3, 4], 10_000);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.slots.map((s) => [s.slot, slotPorts(s)]),
      DESIGN_TABLE,
    );
    assert.deepEqual(plan.slots.map((s) => s.project), ['tikv', 'tikv-eval-1', 'tikv-eval-2', 'tikv-eval-3', 'tikv-eval-4']);
  });

  it('refuses slot 5 at stride 10000: the TiKV status port would be 70180', () => {
    const plan = planPorts('tikv', tikvSubject.ports, [0, 1, 2, 3, 4, 5], 10_000);
    assert.equal(plan.problems.length, 1, plan.problems.join('\n'));
    assert.match(plan.problems[0]!, /slot 5 .*TIKV_STATUS_HOST_PORT.*70180/);
    assert.doesNotMatch(plan.problems[0]!, /slot [0-4] /);
  });

  it('runs `docker compose config` (v2) for every slot with its own project and env file', () => {
    for (const [slot] of DESIGN_TABLE) {
      const project = projectName('tikv', slot);
      const target = { project, file: tikvSubject.composeFile, envFile: `/runs/slots/${project}.env` };
      assert.deepEqual(composeCommand({ kind: 'v2', version: '2.29.7' }, target, ['config']), {
        file: 'docker',
        args: ['compose', '-p', project, '-f', tikvSubject.composeFile, '--env-file', `/runs/slots/${project}.env`, 'config'],
      });
    }
  });
});

describe('TiKV subject definition', () => {
  const compose = parse(readFileSync(tikvSubject.composeFile, 'utf8'), { merge: true }) as {
    services: Record<string, { image: string; container_name?: string }>;
  };

  it('defaults every image in the Compose file to the candidate preflight looks for', () => {
    const byVariable = Object.fromEntries(TIKV_IMAGES.map((i) => [i.variable, i.candidates]));
    assert.deepEqual(byVariable, {
      PD_IMAGE: ['pingcap/pd:v8.5.0'],
      TIKV_IMAGE: ['pingcap/tikv:v8.5.0'],
      PROMETHEUS_IMAGE: ['prom/prometheus:v2.53.0'],
      GRAFANA_IMAGE: ['grafana/grafana:11.3.0'],
    });
    const used = new Set(Object.values(compose.services).map((s) => s.image));
    const declared = new Set(TIKV_IMAGES.map((i) => `\${${i.variable}:-${i.candidates[0]}}`));
    assert.deepEqual(used, declared);
    const pullScript = readFileSync(new URL('../../subjects/tikv/pull-images.sh', import.meta.url), 'utf8');
    for (const spec of TIKV_IMAGES) assert.ok(pullScript.includes(`\${${spec.variable}:-${spec.candidates[0]}}`), spec.variable);
  });

  it('has no fixed container names', () => {
    assert.deepEqual(
      Object.entries(compose.services).filter(([, s]) => s.container_name !== undefined).map(([name]) => name),
      [],
    );
  });

  it('lists only chaos types that exist, and its own TiKV ones', () => {
    assert.deepEqual(TIKV_SUBJECT_CHAOS.filter((name) => !CHAOS_TYPES.has(name)), []);
    for (const own of ['pd_leader_kill', 'leader_concentration', 'store_partition']) assert.ok(TIKV_SUBJECT_CHAOS.includes(own));
    assert.deepEqual(tikvSubject.memberServices, ['tikv0', 'tikv1', 'tikv2']);
  });
});
