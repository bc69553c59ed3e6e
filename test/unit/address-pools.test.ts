import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOCKER_DEFAULT_POOLS, parseCidr, poolCapacity } from '../../src/pool/address-pools.ts';

describe('address pools', () => {
  it('holds 31 bridge networks by default', () => {
    assert.deepEqual(poolCapacity(DOCKER_DEFAULT_POOLS, []), { total: 31, taken: 0, free: 31 });
  });

  it('counts each pool block a subnet in use overlaps, once', () => {
    const inUse = ['172.17.0.0/16', '172.21.0.0/16', '172.21.0.0/16', '192.168.16.0/20', '192.168.17.0/24'];
    assert.deepEqual(poolCapacity(DOCKER_DEFAULT_POOLS, inUse), { total: 31, taken: 3, free: 28 });
  });

  it('lets one wide subnet take several blocks, and ignores subnets outside the pools and IPv6', () => {
    const inUse = ['172.24.0.0/14', '192.168.0.0/18', '10.0.0.0/8', 'fd00::/64', 'junk'];
    assert.deepEqual(poolCapacity(DOCKER_DEFAULT_POOLS, inUse), { total: 31, taken: 8, free: 23 });
  });

  it('uses the pools an engine reports instead', () => {
    assert.deepEqual(poolCapacity([{ Base: '10.10.0.0/16', Size: 24 }], ['10.10.5.0/24', '10.10.5.128/25']), {
      total: 256,
      taken: 1,
      free: 255,
    });
  });

  it('parses IPv4 CIDRs to their first and last address', () => {
    assert.deepEqual(parseCidr('172.17.0.1/16'), { first: 0xac110000, last: 0xac11ffff, prefix: 16 });
    assert.equal(parseCidr('300.1.1.1/8'), undefined);
    assert.equal(parseCidr('fd00::/8'), undefined);
  });
});
