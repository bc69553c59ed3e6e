import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { probeNetem } from '../../src/chaos/netem.ts';
import { engine, requireEngine, tempDir } from '../support/docker.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gauntlet.mjs');

describe('netem chaos on a kernel without sch_netem', { timeout: 120_000 }, () => {
  before(requireEngine);

  it('is refused before any slot starts, naming the missing module', async (t) => {
    if ((await probeNetem(engine)).supported) return t.skip('this kernel has sch_netem: nothing to refuse');
    const dir = await tempDir('netem');
    const file = join(dir, 'latency.yaml');
    await writeFile(
      file,
      'name: latency\nsubjects: [etcd]\nchaos_types: [{type: latency, params: {min_ms: 50, max_ms: 100}}]\ntrials_per_combination: 1\nfirst_slot: 14\nport_stride: 1000\n',
    );
    const result = await promisify(execFile)(process.execPath, [BIN, 'run', file, '--db', join(dir, 'eval.db')]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    assert.equal(result.code, 3);
    assert.match(result.stderr, /latency needs tc netem.*sch_netem/);
    assert.deepEqual(await engine.containers({ 'dev.gauntlet.slot': '14' }), []);
  });
});
