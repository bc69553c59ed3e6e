import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { claimRun, liveHarness } from '../../src/campaign/harness-lock.ts';
import { InputError } from '../../src/campaign/input-error.ts';

async function startTicks(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('the harness lock of a run directory', () => {
  let other: ChildProcess;
  before(async () => {
    other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await once(other, 'spawn');
  });
  after(() => other.kill('SIGKILL'));

  it('names this process and when it started; this process never counts as another harness', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-lock-'));
    const release = await claimRun(dir, 'c1');
    assert.equal(await readFile(join(dir, 'harness.pid'), 'utf8'), `${process.pid} ${await startTicks(process.pid)}`);
    assert.equal(await liveHarness(dir), undefined);
    await release();
    await assert.rejects(readFile(join(dir, 'harness.pid')));
  });

  it('sees another live node process that holds the lock, and refuses a second claim', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-lock-'));
    await writeFile(join(dir, 'harness.pid'), `${other.pid} ${await startTicks(other.pid!)}`);
    assert.equal(await liveHarness(dir), other.pid);
    await assert.rejects(claimRun(dir, 'c1'), (error: unknown) => error instanceof InputError && /being run by process/.test(error.message));
  });

  it('does not count a pid the kernel gave to a process that started later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-lock-'));
    await writeFile(join(dir, 'harness.pid'), `${other.pid} 1`);
    assert.equal(await liveHarness(dir), undefined);
    await claimRun(dir, 'c1');
  });

  it('does not count a process that is gone, or a lock that is not a pid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-lock-'));
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await once(gone, 'exit');
    await writeFile(join(dir, 'harness.pid'), String(gone.pid));
    assert.equal(await liveHarness(dir), undefined);
    await writeFile(join(dir, 'harness.pid'), 'not a pid');
    assert.equal(await liveHarness(dir), undefined);
  });
});
