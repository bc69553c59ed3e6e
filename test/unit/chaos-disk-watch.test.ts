import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataDirOf } from '../../src/operator/runbook/disk-watch.ts';

describe("the runbook's view of a member's data dir", () => {
  it('reads --data-dir in both spellings', () => {
    assert.equal(dataDirOf(['--name=etcd0', '--data-dir=/data/member', '--listen-client-urls=x']), '/data/member');
    assert.equal(dataDirOf(['--data-dir', '/var/lib/etcd']), '/var/lib/etcd');
  });

  it('finds none in a service that is not a member', () => {
    assert.equal(dataDirOf(['sleep', '2147483647']), undefined);
    assert.equal(dataDirOf([]), undefined);
  });
});
