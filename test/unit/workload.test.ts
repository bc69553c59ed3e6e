import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prefixEnd } from '../../src/workload/etcd-workload.ts';
import { longestOutage, lostWrites } from '../../src/workload/workload.ts';

describe('workload bookkeeping', () => {
  it('finds the longest stretch without an acknowledged write, ends included', () => {
    assert.equal(longestOutage([1100, 1200, 2900, 3000], 1000, 3100), 1700);
    assert.equal(longestOutage([], 1000, 1500), 500);
    assert.equal(longestOutage([1400], 1000, 1500), 400);
  });

  it('counts acknowledged writes that are missing or changed as lost, never failed ones', () => {
    const writes = [
      { key: 'a', value: '1', startedAt: 0, ackedAt: 1 },
      { key: 'b', value: '2', startedAt: 0, ackedAt: 1 },
      { key: 'c', value: '3', startedAt: 0, ackedAt: 1 },
      { key: 'd', value: '4', startedAt: 0, error: 'timed out' },
    ];
    assert.deepEqual(lostWrites(writes, new Map([['a', '1'], ['b', 'other']])), ['b', 'c']);
  });

  it('ends a key range just after the prefix', () => {
    assert.equal(Buffer.from(prefixEnd('wl/7/'), 'base64').toString(), 'wl/70');
  });
});
