import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoPath } from '../../src/paths.ts';
import { run, type RunResult } from '../../src/process/run.ts';
import { TIKV_IMAGES } from '../../src/subjects/tikv/tikv-subject.ts';
import { engine, requireEngine, tempDir } from '../support/docker.ts';

const WITHOUT_IMAGE_OVERRIDES = Object.fromEntries(TIKV_IMAGES.map((i) => [i.variable, undefined]));

function gauntlet(args: string[]): Promise<RunResult> {
  return run('node', [repoPath('bin', 'gauntlet.mjs'), ...args], {
    cwd: repoPath(),
    env: { ...WITHOUT_IMAGE_OVERRIDES, GAUNTLET_LOG_LEVEL: 'info' },
    okExitCodes: [1, 2, 3],
    timeoutMs: 120_000,
  });
}

/** Containers of the TiKV subject that Docker created, started or killed between two instants. */
async function tikvContainerEvents(since: string, until: string): Promise<string[]> {
  const { stdout } = await engine.docker(
    ['events', '--since', since, '--until', until, '--filter', 'type=container', '--filter', 'label=dev.gauntlet.subject=tikv', '--format', '{{.Action}} {{.Actor.Attributes.name}}'],
    { timeoutMs: 30_000 },
  );
  return stdout.split('\n').filter(Boolean);
}

/**
 * With the TiKV images absent (they cannot be pulled on a machine with no
 * registry), doctor and run say so, and run stops before it starts anything.
 * On an engine that has the images this path cannot occur, so the suite skips.
 */
describe('TiKV without its images', { timeout: 300_000 }, () => {
  let present: string[] = [];
  before(async () => {
    await requireEngine();
    for (const spec of TIKV_IMAGES) for (const image of spec.candidates) if (await engine.imageExists(image)) present.push(image);
  });

  it('doctor lists every missing TiKV image with how to get it', async (t) => {
    if (present.length > 0) return t.skip(`the engine has ${present.join(', ')}`);
    const result = await gauntlet(['doctor', '--json']);
    const report = JSON.parse(result.stdout) as {
      checks: Array<{ name: string; ok: boolean; detail: string; fix?: string }>;
      runnable: string[];
      blocked: Array<{ subject: string; missing: string[] }>;
    };
    assert.equal(result.exitCode, report.runnable.length > 0 ? 0 : 1, 'exit 0 while some subject can run');
    assert.ok(!report.runnable.includes('tikv'));
    assert.deepEqual(report.blocked.find((b) => b.subject === 'tikv')?.missing, TIKV_IMAGES.map((s) => `image tikv ${s.variable}`));
    const { checks } = report;
    for (const spec of TIKV_IMAGES) {
      const check = checks.find((c) => c.name === `image tikv ${spec.variable}`);
      assert.ok(check, `doctor has a check for ${spec.variable}`);
      assert.equal(check.ok, false);
      assert.equal(check.detail, `none of ${spec.candidates[0]}`);
      assert.match(check.fix ?? '', /missing .*cannot be pulled/);
      assert.match(check.fix ?? '', /subjects\/tikv\/pull-images\.sh/);
    }
  });

  it('run campaigns/tikv.yaml names each missing image and starts nothing', async (t) => {
    if (present.length > 0) return t.skip(`the engine has ${present.join(', ')}`);
    const dir = await tempDir('tikv-preflight');
    const since = new Date(Date.now() - 1_000).toISOString();
    const result = await gauntlet(['run', repoPath('campaigns', 'tikv.yaml'), '--db', join(dir, 'eval.db')]);
    const until = new Date(Date.now() + 1_000).toISOString();
    assert.equal(result.exitCode, 3, result.stderr);
    assert.match(result.stderr, /error: preflight failed:/);
    for (const spec of TIKV_IMAGES) {
      assert.ok(
        result.stderr.includes(`no image for ${spec.variable} (tried ${spec.candidates[0]}); the official image is missing`),
        `stderr names ${spec.variable}: ${result.stderr}`,
      );
    }
    assert.match(result.stderr, /cannot be pulled/);
    assert.ok(!existsSync(join(dir, 'eval.db')), 'a run that cannot start records no campaign');
    assert.deepEqual(await tikvContainerEvents(since, until), []);
  });

  it('refuses slot 5 at port stride 10000 before looking for images', async () => {
    const dir = await tempDir('tikv-preflight');
    const file = join(dir, 'six-slots.yaml');
    await writeFile(file, 'name: six\nsubjects: [tikv]\nchaos_types: [node_kill]\ntrials_per_combination: 6\nparallel: 6\n');
    const result = await gauntlet(['run', file, '--db', join(dir, 'eval.db')]);
    assert.equal(result.exitCode, 2, result.stderr);
    assert.match(result.stderr, /slot 5 .*TIKV_STATUS_HOST_PORT.*70180/);
    assert.doesNotMatch(result.stderr, /no image for/);
  });
});
