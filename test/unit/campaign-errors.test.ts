import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { z } from 'zod';
import type { ChaosType } from '../../src/chaos/chaos-type.ts';
import { nodeKill } from '../../src/chaos/node-kill.ts';
import { builtInCatalog, type Catalog } from '../../src/campaign/check-campaign.ts';
import { InputError, type InputProblem } from '../../src/campaign/input-error.ts';
import { loadCampaign } from '../../src/campaign/load-campaign.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';

/** A chaos type with a millisecond parameter, to check how parameters are validated. */
const slowDisk = {
  name: 'slow_disk',
  description: 'test fixture',
  params: z.strictObject({ delay_ms: z.int().min(1).max(60_000).default(100) }),
} as unknown as ChaosType;

const fixtureCatalog: Catalog = {
  subjects: new Map([['etcd', { ...etcdSubject, chaosTypes: ['node_kill', 'slow_disk'] }]]),
  chaosTypes: new Map([
    ['node_kill', nodeKill as unknown as ChaosType],
    ['slow_disk', slowDisk],
  ]),
};

const VALID = 'name: t\nsubjects: [etcd]\nchaos_types: [node_kill]\n';

interface Expected {
  line?: number;
  path?: string;
  parts: string[];
}

interface Case {
  name: string;
  yaml: string;
  catalog?: Catalog;
  expected: Expected[];
}

const cases: Case[] = [
  { name: 'an unknown key (typo)', yaml: `${VALID}trials_per_combo: 3\n`, expected: [{ line: 4, path: 'trials_per_combo', parts: ['unknown key (did you mean trials_per_combination?)', 'known keys: name, subjects'] }] },
  { name: 'an unknown nested key', yaml: `${VALID}timeouts:\n  detect: 5\n`, expected: [{ line: 5, path: 'timeouts.detect', parts: ['did you mean detect_seconds?'] }] },
  { name: 'a wrong type', yaml: `${VALID}parallel: three\n`, expected: [{ line: 4, path: 'parallel', parts: ['expected an integer', 'got "three" (string)'] }] },
  { name: 'a fraction where an integer is expected', yaml: `${VALID}trials_per_combination: 2.5\n`, expected: [{ line: 4, path: 'trials_per_combination', parts: ['expected an integer', 'got 2.5 (number)'] }] },
  { name: 'parallel: 0', yaml: `${VALID}parallel: 0\n`, expected: [{ line: 4, path: 'parallel', parts: ['expected a value >= 1', 'got 0 (number)'] }] },
  { name: 'a negative cooldown', yaml: `${VALID}cooldown_seconds: -5\n`, expected: [{ line: 4, path: 'cooldown_seconds', parts: ['expected a value >= 0', 'got -5 (number)'] }] },
  { name: 'seconds written as text', yaml: `${VALID}timeouts:\n  detect_seconds: 10s\n`, expected: [{ line: 5, path: 'timeouts.detect_seconds', parts: ['expected a number', 'got "10s" (string)'] }] },
  { name: 'an unknown enum value', yaml: `${VALID}operator_lifecycle: forever\n`, expected: [{ line: 4, path: 'operator_lifecycle', parts: ['expected one of "per_trial", "per_slot"', 'got "forever" (string)'] }] },
  { name: 'a bad field inside a workload mapping', yaml: `${VALID}workload: {reads_per_write: x}\n`, expected: [{ line: 4, path: 'workload.reads_per_write', parts: ['expected an integer', 'got "x" (string)'] }] },
  { name: 'true where false or a mapping is expected', yaml: `${VALID}workload: true\n`, expected: [{ line: 4, path: 'workload', parts: ['expected false or a mapping', 'got true (boolean)'] }] },
  { name: 'a number too large for YAML', yaml: `${VALID}parallel: 1e400\n`, expected: [{ line: 4, path: 'parallel', parts: ['expected an integer', 'got Infinity (a number too large to use)'] }] },
  { name: 'an empty list of subjects', yaml: 'name: t\nsubjects: []\nchaos_types: [node_kill]\n', expected: [{ line: 2, path: 'subjects', parts: ['expected at least 1 entry', 'got a list ([])'] }] },
  { name: 'an empty name', yaml: 'name: ""\nsubjects: [etcd]\nchaos_types: [node_kill]\n', expected: [{ line: 1, path: 'name', parts: ['expected at least 1 character', 'got "" (string)'] }] },
  { name: 'a value that fits no option of a union', yaml: `${VALID}include_baseline: yes please\n`, expected: [{ line: 4, path: 'include_baseline', parts: ['expected a boolean (true or false) or an integer', 'got "yes please" (string)'] }] },
  { name: 'a missing required field', yaml: 'subjects: [etcd]\nchaos_types: [node_kill]\n', expected: [{ path: 'name', parts: ['missing: expected a string'] }] },
  { name: 'an unknown subject', yaml: 'name: t\nsubjects: [etcdd]\nchaos_types: [node_kill]\n', expected: [{ line: 2, path: 'subjects.0', parts: ['unknown subject "etcdd" (did you mean etcd?)', 'known subjects: etcd'] }] },
  { name: 'a subject listed twice', yaml: 'name: t\nsubjects: [etcd, etcd]\nchaos_types: [node_kill]\n', expected: [{ line: 2, path: 'subjects.1', parts: ['subject etcd is listed twice'] }] },
  {
    name: 'a chaos type the subject does not support, listing the supported ones',
    yaml: 'name: t\nsubjects: [etcd]\nchaos_types: [node_kill, pd_leader_kill]\n',
    expected: [{ line: 3, path: 'chaos_types.1', parts: ['chaos type pd_leader_kill is not supported by subject etcd', `supported: ${etcdSubject.chaosTypes.join(', ')}`] }],
  },
  { name: 'an unknown chaos type', yaml: 'name: t\nsubjects: [etcd]\nchaos_types: [node_kil]\n', expected: [{ line: 3, path: 'chaos_types.0', parts: ['unknown chaos type "node_kil" (did you mean node_kill?)'] }] },
  {
    name: 'a chaos param of the wrong type',
    yaml: 'name: t\nsubjects: [etcd]\nchaos_types:\n  - {type: node_kill, params: {signal: 9}}\n',
    expected: [{ line: 4, path: 'chaos_types.0.params.signal', parts: ['node_kill: expected one of "SIGKILL", "SIGTERM"', 'got 9 (number)'] }],
  },
  {
    name: 'an unknown chaos param',
    yaml: 'name: t\nsubjects: [etcd]\nchaos_types:\n  - type: node_kill\n    params:\n      signl: SIGTERM\n',
    expected: [{ line: 6, path: 'chaos_types.0.params.signl', parts: ['node_kill: unknown key (did you mean signal?)', 'known keys: signal'] }],
  },
  {
    name: 'text where milliseconds are expected',
    catalog: fixtureCatalog,
    yaml: 'name: t\nsubjects: [etcd]\nchaos_types:\n  - type: slow_disk\n    params: {delay_ms: "500; rm -rf /"}\n',
    expected: [{ line: 5, path: 'chaos_types.0.params.delay_ms', parts: ['slow_disk: expected an integer', 'got "500; rm -rf /" (string)'] }],
  },
  {
    name: 'text where milliseconds are expected, in a built-in chaos type',
    yaml: 'name: t\nsubjects: [etcd]\nchaos_types:\n  - {type: latency, params: {min_ms: "100ms; reboot"}}\n',
    expected: [{ line: 4, path: 'chaos_types.0.params.min_ms', parts: ['latency: expected an integer', 'got "100ms; reboot" (string)'] }],
  },
  {
    name: 'milliseconds out of range',
    catalog: fixtureCatalog,
    yaml: 'name: t\nsubjects: [etcd]\nchaos_types:\n  - {type: slow_disk, params: {delay_ms: 0}}\n',
    expected: [{ line: 4, path: 'chaos_types.0.params.delay_ms', parts: ['slow_disk: expected a value >= 1', 'got 0 (number)'] }],
  },
  { name: 'a chaos entry that is neither a name nor a mapping', yaml: 'name: t\nsubjects: [etcd]\nchaos_types: [5]\n', expected: [{ line: 3, path: 'chaos_types.0', parts: ['expected a chaos type name or a mapping {type, params}', 'got 5 (number)'] }] },
  { name: 'params that are not a mapping', yaml: 'name: t\nsubjects: [etcd]\nchaos_types:\n  - {type: node_kill, params: fast}\n', expected: [{ line: 4, path: 'chaos_types.0.params', parts: ['expected a mapping', 'got "fast" (string)'] }] },
  { name: 'the same chaos entry twice', yaml: 'name: t\nsubjects: [etcd]\nchaos_types: [node_kill, node_kill]\n', expected: [{ line: 3, path: 'chaos_types.1', parts: ['the same chaos type and params as chaos_types.0'] }] },
  {
    name: 'an unknown variant, together with the other problems',
    yaml: `${VALID}variant: runbok\nparallel: 0\n`,
    expected: [
      { line: 4, path: 'variant', parts: ['unknown variant "runbok" (did you mean runbook?)', 'known variants: runbook'] },
      { line: 5, path: 'parallel', parts: ['expected a value >= 1'] },
    ],
  },
  {
    name: 'reset: recycle for a subject that cannot be recycled',
    yaml: 'name: t\nsubjects: [tikv]\nchaos_types: [node_kill]\nreset: recycle\n',
    expected: [{ line: 4, path: 'reset', parts: ['subject tikv cannot be recycled', 'reset: recycle works for etcd'] }],
  },
  { name: 'a YAML syntax error', yaml: 'name: t\nsubjects: [etcd\nchaos_types: [node_kill]\n', expected: [{ line: 3, parts: ['YAML syntax error'] }] },
  { name: 'a key written twice', yaml: `${VALID}parallel: 2\nparallel: 3\n`, expected: [{ line: 5, parts: ['YAML syntax error', 'unique'] }] },
  { name: 'an empty file', yaml: '', expected: [{ parts: ['the file is empty'] }] },
  { name: 'a file of comments only', yaml: '# nothing yet\n', expected: [{ parts: ['the file is empty'] }] },
  { name: 'a list instead of a mapping', yaml: '- name: t\n', expected: [{ line: 1, parts: ['expected a mapping of campaign fields', 'got a list'] }] },
  {
    name: 'a port plan above 65535, at the parallel line',
    yaml: 'name: t\nsubjects: [tikv]\nchaos_types: [node_kill]\ntrials_per_combination: 6\nparallel: 6\n',
    expected: [{ line: 5, path: 'port plan', parts: ['tikv: slot 5 would put', 'TIKV_STATUS_HOST_PORT) on port 70180', 'a smaller port_stride fixes it'] }],
  },
  {
    name: 'a port_stride that puts two slots on one port, at the port_stride line',
    yaml: 'name: t\nsubjects: [etcd]\nchaos_types: [node_kill]\nparallel: 2\nport_stride: 100\n',
    expected: [
      { line: 5, path: 'port plan', parts: ['etcd: slot 1 etcd0 client (ETCD_HOST_PORT) and slot 0 etcd1 client (ETCD1_HOST_PORT) would both use port 2479', 'port_stride 10000 keeps'] },
      { line: 5, path: 'port plan', parts: ['etcd: slot 1 etcd1 client (ETCD1_HOST_PORT) and slot 0 etcd2 client (ETCD2_HOST_PORT) would both use port 2579'] },
    ],
  },
];

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gauntlet-campaign-errors-'));
});

async function problemsOf(yaml: string, catalog?: Catalog): Promise<{ file: string; problems: InputProblem[] }> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  try {
    await loadCampaign(file, { catalog: catalog ?? builtInCatalog(), ephemeralRange: { low: 60_000, high: 60_001 } });
  } catch (error) {
    if (error instanceof InputError) return { file, problems: error.problems };
    throw error;
  }
  assert.fail('the campaign was accepted');
}

describe('campaign errors', () => {
  for (const c of cases) {
    it(`reports ${c.name}`, async () => {
      const { file, problems } = await problemsOf(c.yaml, c.catalog);
      assert.equal(problems.length, c.expected.length, JSON.stringify(problems, null, 2));
      c.expected.forEach((expected, i) => {
        const actual = problems[i]!;
        assert.equal(actual.file, file);
        if (expected.line !== undefined) assert.equal(actual.line, expected.line, actual.message);
        if (expected.path !== undefined) assert.equal(actual.path, expected.path);
        for (const part of expected.parts) assert.ok(actual.message.includes(part), `${JSON.stringify(part)} in ${actual.message}`);
      });
    });
  }

  it('reports a file that does not exist', async () => {
    const file = join(dir, 'missing.yaml');
    await assert.rejects(loadCampaign(file), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.deepEqual(error.problems, [{ file, message: 'file does not exist' }]);
      return true;
    });
  });

  it('reports every problem at once, in line order', async () => {
    const yaml = 'name: t\nsubjects: [etcdd]\nchaos_types: [node_kill]\nparallel: 0\ncooldown_seconds: -1\ntrials_per_combo: 2\n';
    const { problems } = await problemsOf(yaml);
    assert.deepEqual(problems.map((p) => [p.line, p.path]), [
      [2, 'subjects.0'],
      [4, 'parallel'],
      [5, 'cooldown_seconds'],
      [6, 'trials_per_combo'],
    ]);
  });

  it('accepts a valid file and fills in the defaults', async () => {
    const file = join(dir, 'valid.yaml');
    await writeFile(file, VALID);
    const { campaign, warnings } = await loadCampaign(file, { ephemeralRange: { low: 60_000, high: 60_001 } });
    assert.equal(campaign.parallel, 1);
    assert.equal(campaign.port_stride, 10_000);
    assert.equal(campaign.timeouts.detect_seconds, 60);
    assert.deepEqual(warnings, []);
  });

  it('warns, without refusing, about ports in the ephemeral range', async () => {
    const file = join(dir, 'ephemeral.yaml');
    await writeFile(file, `${VALID}parallel: 2\ntrials_per_combination: 2\n`);
    const { warnings } = await loadCampaign(file, { ephemeralRange: { low: 12_000, high: 13_000 } });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^slot 1 \(etcd-eval-1\): ports 12379 \(etcd0 client\), 12479 \(etcd1 client\), 12579 \(etcd2 client\) inside the kernel's ephemeral port range 12000-13000/);
  });
});
