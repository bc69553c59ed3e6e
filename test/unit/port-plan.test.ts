import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ephemeralRangeWarnings, readEphemeralRange } from '../../src/ports/ephemeral-range.ts';
import { planPorts } from '../../src/ports/port-plan.ts';
import { portTable } from '../../src/ports/port-table.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';
import { TIKV_PORTS } from '../../src/subjects/tikv/tikv-ports.ts';
import type { PortSpec } from '../../src/subjects/subject.ts';

const slots = (n: number, first = 0) => Array.from({ length: n }, (_, i) => first + i);

describe('port plan', () => {
  it("gives TiKV exactly DESIGN.md's table", () => {
    const plan = planPorts('tikv', TIKV_PORTS, slots(3));
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(portTable(plan), {
      head: ['slot', 'project', 'PD', 'TiKV', 'TiKV status', 'Prometheus', 'Grafana'],
      rows: [
        [0, 'tikv', 2379, 20160, 20180, 9090, 3000],
        [1, 'tikv-eval-1', 12379, 30160, 30180, 19090, 13000],
        [2, 'tikv-eval-2', 22379, 40160, 40180, 29090, 23000],
      ],
    });
  });

  it('names each TiKV port by its variable and service', () => {
    assert.deepEqual(
      TIKV_PORTS.map((p) => [p.service, p.variable]),
      [
        ['pd0', 'PD_HOST_PORT'],
        ['tikv0', 'TIKV_HOST_PORT'],
        ['tikv0', 'TIKV_STATUS_HOST_PORT'],
        ['prometheus', 'PROM_HOST_PORT'],
        ['grafana', 'GRAFANA_HOST_PORT'],
      ],
    );
  });

  it('gives slot N base + N x 10000 for every etcd port, headed by service where names repeat', () => {
    const plan = planPorts('etcd', etcdSubject.ports, slots(3));
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(portTable(plan), {
      head: ['slot', 'project', 'etcd0 client', 'etcd1 client', 'etcd2 client'],
      rows: [
        [0, 'etcd', 2379, 2479, 2579],
        [1, 'etcd-eval-1', 12379, 12479, 12579],
        [2, 'etcd-eval-2', 22379, 22479, 22579],
      ],
    });
  });

  it('allows TiKV at most 5 slots with stride 10000, naming slot 5, the status port and a stride that fits', () => {
    assert.deepEqual(planPorts('tikv', TIKV_PORTS, slots(5)).problems, []);
    const plan = planPorts('tikv', TIKV_PORTS, slots(6));
    assert.equal(plan.problems.length, 1);
    const [message] = plan.problems;
    for (const part of [
      'slot 5 would put',
      'tikv0 TiKV status (TIKV_STATUS_HOST_PORT) on port 70180',
      'above 65535',
      'a smaller port_stride fixes it: 9071 fits slots 0-5 (port_stride is 10000)',
      'or use at most 5 slots with port_stride 10000',
    ]) {
      assert.ok(message!.includes(part), `${JSON.stringify(part)} in ${message}`);
    }
    assert.deepEqual(planPorts('tikv', TIKV_PORTS, slots(6), 9071).problems, []);
  });

  it('names every later slot that overflows too', () => {
    const [message] = planPorts('etcd', etcdSubject.ports, [5, 6, 7, 8]).problems;
    assert.match(message!, /^slot 7 would put etcd0 client \(ETCD_HOST_PORT\) on port 72379 and .* \(and slot 8 too\)/);
  });

  const collisions: Array<{ name: string; specs: PortSpec[]; slots: number[]; stride: number; parts: string[] }> = [
    {
      name: 'two slots on one port',
      specs: etcdSubject.ports,
      slots: [0, 1],
      stride: 100,
      parts: [
        'slot 1 etcd0 client (ETCD_HOST_PORT) and slot 0 etcd1 client (ETCD1_HOST_PORT) would both use port 2479',
        'port_stride 100 puts them on one port; port_stride 10000 keeps every port of slots 0-1 apart',
      ],
    },
    {
      name: 'two services on one port in one slot',
      specs: [
        { service: 'a', name: 'web', variable: 'A_PORT', base: 8080 },
        { service: 'b', name: 'web', variable: 'B_PORT', base: 8080 },
      ],
      slots: [0],
      stride: 10000,
      parts: ['slot 0 b web (B_PORT) and a web (A_PORT) publish the same port 8080 in one slot'],
    },
  ];
  for (const c of collisions) {
    it(`refuses ${c.name}`, () => {
      const { problems } = planPorts('x', c.specs, c.slots, c.stride);
      assert.ok(problems.length >= 1);
      for (const part of c.parts) assert.ok(problems[0]!.includes(part), `${JSON.stringify(part)} in ${problems[0]}`);
    });
  }

  it('suggests, for a collision, a stride under which the plan works', () => {
    const [message] = planPorts('etcd', etcdSubject.ports, slots(8), 100).problems;
    const suggested = Number(/port_stride (\d+) keeps/.exec(message!)?.[1]);
    assert.ok(suggested > 0, message);
    assert.deepEqual(planPorts('etcd', etcdSubject.ports, slots(8), suggested).problems, []);
  });
});

describe('ephemeral port range', () => {
  it('warns, per slot, about planned ports inside the range', () => {
    const plan = planPorts('tikv', TIKV_PORTS, slots(3));
    const warnings = ephemeralRangeWarnings(plan.slots, { low: 32768, high: 60999 });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^slot 2 \(tikv-eval-2\): ports 40160 \(tikv0 TiKV\), 40180 \(tikv0 TiKV status\) inside the kernel's ephemeral port range 32768-60999/);
    assert.deepEqual(plan.problems, [], 'a warning, not a refusal');
  });

  it('reads the range from a file like the kernel writes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-range-'));
    await writeFile(join(dir, 'range'), '32768\t60999\n');
    assert.deepEqual(await readEphemeralRange(join(dir, 'range')), { low: 32768, high: 60999 });
    assert.equal(await readEphemeralRange(join(dir, 'missing')), undefined);
    const real = await readEphemeralRange();
    assert.ok(real && real.low > 1024 && real.high <= 65535 && real.low <= real.high);
  });
});
