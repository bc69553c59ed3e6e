import assert from 'node:assert/strict';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import type { ChaosMetadata } from '../../src/chaos/chaos-type.ts';
import { run } from '../../src/process/run.ts';
import { ResultsDb } from '../../src/store/results-db.ts';
import { chaosSlotHandle, markedRulesIn, prepareChaosSlot } from '../support/chaos-slot.ts';
import { leftovers, requireEngine, tempDir } from '../support/docker.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SLOT = 31;
const CAMPAIGN = 'chaos-crash-test';

async function gauntlet(args: string[]) {
  const result = await run('node', [join(ROOT, 'bin/gauntlet.mjs'), ...args], { cwd: ROOT, okExitCodes: [1], timeoutMs: 180_000 });
  return { exitCode: result.exitCode, json: JSON.parse(result.stdout) };
}

describe('gauntlet cleanup after a harness was killed mid-chaos', { timeout: 600_000 }, () => {
  let dbPath: string;
  before(async () => {
    await requireEngine();
    dbPath = join(await tempDir('crash'), 'eval.db');
  });
  after(async () => {
    const slot = await prepareChaosSlot(SLOT, CAMPAIGN);
    await slot.project.down();
  });

  it('undoes the pause and the partition, then takes the orphaned project down', async () => {
    const harness = execa('node', ['--import', 'tsx', 'test/support/crash-harness.ts', dbPath, String(SLOT), CAMPAIGN, 'network_partition', 'process_pause'], {
      cwd: ROOT,
      stdin: 'ignore',
      stderr: 'inherit',
      reject: false,
    });
    const [line] = (await once(createInterface({ input: harness.stdout! }), 'line')) as [string];
    assert.match(line, /^injected /);
    const injected = JSON.parse(line.slice('injected '.length)) as ChaosMetadata[];
    const slot = await chaosSlotHandle(SLOT, CAMPAIGN);
    const containers = await slot.project.containers();
    const paused = containers.filter((c) => c.state === 'paused').map((c) => c.service);
    assert.deepEqual(paused, [injected[1]!.target.service]);
    assert.ok((await markedRulesIn(slot)).length > 0, 'the partition is in place before the crash');

    const whileAlive = await gauntlet(['cleanup', '--db', dbPath, '--json']);
    assert.equal(whileAlive.exitCode, 0);
    assert.deepEqual(whileAlive.json.journal, [], 'a live harness keeps its injections');
    assert.deepEqual(whileAlive.json.running, [{ campaign: CAMPAIGN, pid: harness.pid, openInjections: 2 }]);
    const mine = whileAlive.json.projects.filter((p: { campaign: string }) => p.campaign === CAMPAIGN);
    assert.deepEqual(mine.map((p: { action: string }) => p.action), ['left_alone']);
    assert.equal((await slot.project.containers()).filter((c) => c.state === 'paused').length, 1, 'the pause is still in place');

    harness.kill('SIGKILL');
    const ended = await harness;
    assert.equal(ended.signal, 'SIGKILL');

    const journalOnly = await gauntlet(['cleanup', '--db', dbPath, '--journal-only', '--json']);
    assert.equal(journalOnly.exitCode, 0);
    assert.deepEqual(
      journalOnly.json.journal.map((u: { chaosType: string; cleaned: boolean }) => [u.chaosType, u.cleaned]),
      [['process_pause', true], ['network_partition', true]],
    );
    assert.deepEqual((await slot.project.containers()).filter((c) => c.state !== 'running').map((c) => c.name), []);
    assert.deepEqual(await markedRulesIn(slot), []);
    const db = new ResultsDb(dbPath, { readonly: true });
    assert.deepEqual(db.openJournal(), []);
    db.close();

    const full = await gauntlet(['cleanup', '--db', dbPath, '--json']);
    assert.equal(full.exitCode, 0);
    assert.deepEqual(full.json.journal, []);
    const ours = full.json.projects.filter((p: { campaign: string }) => p.campaign === CAMPAIGN);
    assert.deepEqual(ours.map((p: { project: string; action: string }) => [p.project, p.action]), [[`etcd-eval-${SLOT}`, 'taken_down']]);
    assert.deepEqual(await leftovers(CAMPAIGN), { containers: [], networks: [], volumes: [] });
    assert.ok(
      full.json.projects.every((p: { campaign: string; action: string }) => p.campaign === CAMPAIGN || p.action === 'left_alone'),
      'projects of other campaigns are left alone',
    );
  });
});
