import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { campaignSchema, type CampaignInput } from '../../src/campaign/campaign-schema.ts';
import { expandMatrix } from '../../src/campaign/matrix.ts';

function campaign(input: Partial<CampaignInput> = {}) {
  return campaignSchema.parse({
    name: 'm',
    subjects: ['etcd'],
    chaos_types: ['node_kill', 'process_pause', 'network_partition'],
    trials_per_combination: 4,
    ...input,
  });
}

const kinds = (specs: ReturnType<typeof expandMatrix>) => specs.map((s) => `${s.chaos_type}${s.baseline ? '+b' : ''}`);

describe('trial matrix', () => {
  it('gives the same order and seeds for the same campaign seed', () => {
    assert.deepEqual(expandMatrix(campaign({ seed: 7 })), expandMatrix(campaign({ seed: 7 })));
  });

  it('gives another order for another seed', () => {
    assert.notDeepEqual(kinds(expandMatrix(campaign({ seed: 7 }))), kinds(expandMatrix(campaign({ seed: 8 }))));
  });

  it('interleaves: every round of three holds each chaos type once', () => {
    const order = kinds(expandMatrix(campaign({ seed: 3 })));
    assert.equal(order.length, 12);
    for (let round = 0; round < 4; round++) {
      assert.deepEqual(order.slice(round * 3, round * 3 + 3).sort(), ['network_partition', 'node_kill', 'process_pause']);
    }
  });

  it('numbers ordinals in order, each trial with its own seed', () => {
    const specs = expandMatrix(campaign());
    assert.deepEqual(specs.map((s) => s.ordinal), [...specs.keys()]);
    assert.equal(new Set(specs.map((s) => s.seed)).size, specs.length);
  });

  it('adds one baseline trial per subject and chaos type for include_baseline: true', () => {
    const specs = expandMatrix(campaign({ include_baseline: true }));
    assert.equal(specs.length, 12 + 3);
    const baselines = specs.filter((s) => s.baseline === 1);
    assert.deepEqual(baselines.map((s) => s.chaos_type).sort(), ['network_partition', 'node_kill', 'process_pause']);
    assert.equal(baselines.filter((s) => s.ordinal < 6).length, 3, 'the baselines run in the first round');
  });

  it('adds as many baseline trials as asked, and none for false or 0', () => {
    const count = (value: boolean | number) => expandMatrix(campaign({ include_baseline: value })).filter((s) => s.baseline === 1).length;
    assert.deepEqual([count(false), count(0), count(2), count(6)], [0, 0, 6, 18]);
    const long = kinds(expandMatrix(campaign({ include_baseline: 6 })));
    assert.equal(long.length, 12 + 18);
    assert.deepEqual(long.slice(-6).sort(), ['network_partition+b', 'network_partition+b', 'node_kill+b', 'node_kill+b', 'process_pause+b', 'process_pause+b']);
  });

  it('runs subjects one after another', () => {
    const specs = expandMatrix(campaign({ subjects: ['etcd', 'tikv'], chaos_types: ['node_kill'] }));
    assert.deepEqual(specs.map((s) => s.subject), ['etcd', 'etcd', 'etcd', 'etcd', 'tikv', 'tikv', 'tikv', 'tikv']);
  });
});
