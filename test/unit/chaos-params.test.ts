import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHAOS_TYPES } from '../../src/chaos/registry.ts';
import { describeChaos } from '../../src/chaos/describe-params.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';

function parse(type: string, params: unknown) {
  return CHAOS_TYPES.get(type)!.params.safeParse(params);
}

function problems(type: string, params: unknown): string[] {
  const result = parse(type, params);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('chaos parameters', () => {
  it('every chaos type of etcd is registered', () => {
    assert.deepEqual(etcdSubject.chaosTypes.filter((t) => !CHAOS_TYPES.has(t)), []);
  });

  it('fills in the defaults', () => {
    const cases: Array<[string, unknown]> = [
      ['node_kill', { signal: 'SIGKILL' }],
      ['process_pause', {}],
      ['network_partition', {}],
      ['asymmetric_partition', { peer: 'leader' }],
      ['leader_kill', { signal: 'SIGKILL' }],
      ['disk_pressure', { percent: 95 }],
      ['latency', { min_ms: 100, max_ms: 300 }],
      ['packet_loss', { percent: 10 }],
    ];
    for (const [type, expected] of cases) assert.deepEqual(parse(type, {}).data, expected, type);
  });

  it('refuses a string where milliseconds are expected', () => {
    assert.match(problems('latency', { min_ms: '100' }).join(), /^min_ms: .*expected number, received string/i);
    assert.match(problems('latency', { max_ms: '300ms' }).join(), /^max_ms: .*expected number/i);
  });

  it('refuses values out of range, with the bound', () => {
    const table: Array<[string, Record<string, unknown>, RegExp]> = [
      ['latency', { min_ms: -1 }, /^min_ms: .*>=0/],
      ['latency', { max_ms: 60_001 }, /^max_ms: .*<=60000/],
      ['latency', { min_ms: 1.5 }, /^min_ms: .*int/i],
      ['latency', { min_ms: 500, max_ms: 100 }, /^max_ms: min_ms must not be larger than max_ms/],
      ['packet_loss', { percent: 0 }, /^percent: .*>0/],
      ['packet_loss', { percent: 101 }, /^percent: .*<=100/],
      ['disk_pressure', { percent: 0 }, /^percent: .*>=1/],
      ['disk_pressure', { percent: 150 }, /^percent: .*<=100/],
      ['disk_pressure', { path: 'data' }, /^path: .*"\/"/],
      ['asymmetric_partition', { peer: 'anyone' }, /^peer: .*"leader"\|"random"/],
      ['node_kill', { signal: 'SIGHUP' }, /^signal: /],
    ];
    for (const [type, params, expected] of table) assert.match(problems(type, params).join('; '), expected, `${type} ${JSON.stringify(params)}`);
  });

  it('refuses unknown parameters', () => {
    for (const type of ['process_pause', 'network_partition', 'disk_pressure', 'latency']) {
      assert.match(problems(type, { bogus: 1 }).join(), /unrecognized key.*bogus/i, type);
    }
  });

  it('describes parameters with kind and default from the schema', () => {
    const latency = describeChaos(CHAOS_TYPES.get('latency')!);
    assert.deepEqual(
      latency.params.map((p) => [p.name, p.kind, p.default]),
      [
        ['min_ms', 'integer 0..60000', 100],
        ['max_ms', 'integer 0..60000', 300],
      ],
    );
    const pressure = describeChaos(CHAOS_TYPES.get('disk_pressure')!);
    assert.deepEqual(pressure.params.map((p) => [p.name, p.default]), [['percent', 95], ['path', undefined]]);
  });
});
