import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planPorts, projectName } from '../../src/ports/port-plan.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';

describe('port plan', () => {
  it('gives slot N base + N x 10000 for every etcd port', () => {
    const plan = planPorts('etcd', etcdSubject.ports, [0, 1, 2]);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.slots.map((s) => [s.project, ...s.ports.map((p) => p.port)]),
      [
        ['etcd', 2379, 2479, 2579],
        ['etcd-eval-1', 12379, 12479, 12579],
        ['etcd-eval-2', 22379, 22479, 22579],
      ],
    );
  });

  it('names slot 0 after the subject and slot N subject-eval-N', () => {
    assert.equal(projectName('tikv', 0), 'tikv');
    assert.equal(projectName('tikv', 4), 'tikv-eval-4');
  });

  it('refuses a port above 65535, naming slot, service and port, and the stride that fits', () => {
    const plan = planPorts('etcd', etcdSubject.ports, [6, 7]);
    assert.equal(plan.problems.length, 3);
    assert.match(plan.problems[0]!, /slot 7 etcd0 client \(ETCD_HOST_PORT\) would use port 72379, above 65535/);
    assert.match(plan.problems[0]!, /port_stride of at most 9022/);
  });

  it('refuses two slots on one port', () => {
    const plan = planPorts('etcd', etcdSubject.ports, [0, 1], 100);
    assert.equal(plan.problems.length, 2);
    assert.match(plan.problems[0]!, /slot 1 etcd0 client \(ETCD_HOST_PORT\) and slot 0 etcd1 client \(ETCD1_HOST_PORT\) would both use port 2479/);
  });
});
