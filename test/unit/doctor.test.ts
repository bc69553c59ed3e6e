import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doctorVerdict, type DoctorCheck } from '../../src/cli/doctor.ts';

const ok = (name: string, subject?: string): DoctorCheck => ({ name, ok: true, detail: '', subject });
const missing = (name: string, subject?: string): DoctorCheck => ({ name, ok: false, detail: '', subject });

describe('what doctor concludes', () => {
  it('lets a subject run when its own images are there, whatever another subject lacks', () => {
    const verdict = doctorVerdict([ok('docker engine'), ok('compose'), ok('image etcd ETCD_IMAGE', 'etcd'), missing('image tikv PD_IMAGE', 'tikv'), missing('netem (tc)')]);
    assert.deepEqual(verdict.runnable, ['etcd']);
    assert.deepEqual(verdict.blocked, [{ subject: 'tikv', missing: ['image tikv PD_IMAGE'] }]);
  });

  it('blocks every subject when something they all need is missing', () => {
    const verdict = doctorVerdict([missing('docker engine'), ok('compose'), ok('iptables')]);
    assert.deepEqual(verdict.runnable, []);
    assert.deepEqual(verdict.blocked.map((b) => [b.subject, b.missing]), [['etcd', ['docker engine']], ['tikv', ['docker engine']]]);
  });
});
