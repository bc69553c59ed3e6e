import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ResultsDb } from '../../src/store/results-db.ts';
import { leftovers, requireEngine, TEST_PORT_STRIDE, tempDir } from '../support/docker.ts';

const CLI = fileURLToPath(new URL('../../bin/gauntlet.mjs', import.meta.url));
const TRIAL_DONE = /Trial (\d+) \(node_kill\) on slot \d+: (\w+)/g;

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the CLI in its own process group, like a shell runs a foreground job:
 * signalling the group is what a terminal's Ctrl-C does.
 */
function spawnRun(campaignFile: string, dbPath: string): Spawned {
  const child = spawn(process.execPath, [CLI, 'run', campaignFile, '--db', dbPath, '--json', '--no-progress'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GAUNTLET_LOG_LEVEL: 'info' },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function until(what: string, check: () => boolean, run: Spawned): Promise<void> {
  while (!check()) {
    const ended = await Promise.race([run.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 250))]);
    if (ended) throw new Error(`the run ended before ${what}:\n${run.stderr().slice(-3000)}`);
  }
}

async function writeCampaign(dir: string, firstSlot: number): Promise<string> {
  const file = join(dir, 'interrupt.yaml');
  await writeFile(
    file,
    [
      'name: interrupt',
      'subjects: [etcd]',
      'chaos_types: [node_kill]',
      'trials_per_combination: 8',
      'parallel: 2',
      `first_slot: ${firstSlot}`,
      `port_stride: ${TEST_PORT_STRIDE}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Interrupts a running campaign with `presses` Ctrl-Cs and checks what it left. */
async function interruptAndCheck(firstSlot: number, presses: 1 | 2): Promise<void> {
  const dir = await tempDir('interrupt');
  const dbPath = join(dir, 'eval.db');
  const run = spawnRun(await writeCampaign(dir, firstSlot), dbPath);
  try {
    await until('a trial finished', () => /Trial \d+ \(node_kill\) on slot \d+: \w+/.test(run.stderr()), run);
    await until('another trial was running', () => (run.stderr().match(/Injected node_kill/g) ?? []).length >= 2, run);
  } catch (error) {
    process.kill(-run.child.pid!, 'SIGKILL');
    throw error;
  }
  process.kill(-run.child.pid!, 'SIGINT');
  if (presses === 2) {
    await until('the first interrupt was seen', () => /SIGINT: stopping/.test(run.stderr()), run).catch(() => {});
    process.kill(-run.child.pid!, 'SIGINT');
  }
  const { code } = await run.exited;
  const log = run.stderr();
  assert.equal(code, 130, `exit code 130 after an interrupt; log:\n${log.slice(-3000)}`);
  const summary = JSON.parse(run.stdout()) as { campaignId: string; interrupted: boolean; acquireWaitMs: number };
  assert.equal(summary.interrupted, true);
  assert.equal(typeof summary.acquireWaitMs, 'number');

  assert.deepEqual(await leftovers(summary.campaignId), { containers: [], networks: [], volumes: [] }, 'nothing with our labels is left');
  const completed = [...log.matchAll(TRIAL_DONE)].map((m) => [Number(m[1]), m[2]]);
  assert.ok(completed.length >= 1);
  const db = new ResultsDb(dbPath, { readonly: true });
  try {
    const trials = db.trials(summary.campaignId);
    assert.equal(trials.length, 8);
    const done = trials.filter((t) => t.status === 'done').map((t) => [t.ordinal, t.outcome]);
    assert.deepEqual(done.sort(), completed.sort(), 'every trial reported as completed reads back with its outcome');
    if (presses === 1) assert.ok(trials.every((t) => t.status !== 'running'), 'interrupted trials went back to pending');
  } finally {
    db.close();
  }
  if (presses === 1) assert.match(log, /Took 2 of 2 slot\(s\) down/);
}

describe('interrupting a running campaign', { timeout: 300_000 }, () => {
  before(requireEngine);

  it('on Ctrl-C: trials clean up, every project goes down, the database keeps every completed trial, exit 130', async () => {
    await interruptAndCheck(23, 1);
  });

  it('on a second Ctrl-C: stops waiting for trials but still takes every project down', async () => {
    await interruptAndCheck(26, 2);
  });
});
