import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoPath } from '../../src/paths.ts';
import { run } from '../../src/process/run.ts';

const BIN = repoPath('bin', 'gauntlet.mjs');

/** DESIGN.md's TiKV port table: slot, PD, TiKV, TiKV status, Prometheus, Grafana. */
const DESIGN_TIKV_TABLE = [
  [0, 2379, 20160, 20180, 9090, 3000],
  [1, 12379, 30160, 30180, 19090, 13000],
  [2, 22379, 40160, 40180, 29090, 23000],
];

let dir: string;
/** A PATH whose docker and docker-compose only record that they were called. */
let fakeBin: string;
let dockerCalls: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gauntlet-cli-'));
  fakeBin = await mkdtemp(join(tmpdir(), 'gauntlet-fakebin-'));
  dockerCalls = join(dir, 'docker-calls');
  for (const name of ['docker', 'docker-compose']) {
    await writeFile(join(fakeBin, name), `#!/bin/sh\necho "${name} $*" >> '${dockerCalls}'\nexit 1\n`);
    await chmod(join(fakeBin, name), 0o755);
  }
});

function gauntlet(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [BIN, ...args], { okExitCodes: [1, 2, 3], timeoutMs: 60_000, env });
}

async function campaignFile(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

/** The body rows of a cli-table3 table, as trimmed cells. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()));
}

describe('gauntlet run with bad input', () => {
  it('exits 2 and prints every problem with file and line', async () => {
    const file = await campaignFile('bad.yaml', 'name: bad\nsubjects: [etcd]\nchaos_types: [node_kill]\nparallel: 0\ntrials_per_combo: 3\n');
    const { exitCode, stderr, stdout } = await gauntlet(['run', file]);
    assert.equal(exitCode, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /invalid input \(2 problems\)/);
    assert.ok(stderr.includes(`${file}:4: parallel: expected a value >= 1, got 0 (number)`), stderr);
    assert.ok(stderr.includes(`${file}:5: trials_per_combo: unknown key (did you mean trials_per_combination?)`), stderr);
  });

  it("prints DESIGN.md's TiKV table as JSON", async () => {
    const { exitCode, stdout } = await gauntlet(['ports', 'tikv', '--slots', '3', '--json']);
    assert.equal(exitCode, 0);
    const plan = JSON.parse(stdout) as { slots: Array<{ slot: number; ports: Array<{ variable: string; port: number }> }>; problems: string[] };
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.slots.map((s) => [s.slot, ...s.ports.map((p) => p.port)]), DESIGN_TIKV_TABLE);
    assert.deepEqual(plan.slots[0]!.ports.map((p) => p.variable), ['PD_HOST_PORT', 'TIKV_HOST_PORT', 'TIKV_STATUS_HOST_PORT', 'PROM_HOST_PORT', 'GRAFANA_HOST_PORT']);
  });

  it('refuses a sixth TiKV slot with stride 10000, naming slot, service and port and the smaller stride', async () => {
    const { exitCode, stderr } = await gauntlet(['ports', 'tikv', '--slots', '6']);
    assert.equal(exitCode, 2);
    for (const part of ['slot 5 would put', 'tikv0 TiKV status (TIKV_STATUS_HOST_PORT) on port 70180', 'a smaller port_stride fixes it: 9071']) {
      assert.ok(stderr.includes(part), stderr);
    }
  });

  it('refuses an unknown subject', async () => {
    const { exitCode, stderr } = await gauntlet(['ports', 'tikvv', '--slots', '1']);
    assert.equal(exitCode, 2);
    assert.match(stderr, /unknown subject "tikvv" \(did you mean tikv\?\)/);
  });
});

describe('gauntlet run --dry-run', () => {
  const yaml = 'name: dry\nsubjects: [etcd]\nchaos_types: [node_kill]\ntrials_per_combination: 2\ninclude_baseline: 1\nparallel: 2\nfirst_slot: 60\nport_stride: 1000\n';

  it('prints the trial list and the port plan and never calls docker', async () => {
    const file = await campaignFile('dry.yaml', yaml);
    const { exitCode, stdout, stderr } = await gauntlet(['run', file, '--dry-run'], { PATH: fakeBin });
    assert.equal(exitCode, 0, stderr);
    const rows = tableRows(stdout);
    const trials = rows.filter((r) => r[1] === 'etcd');
    assert.deepEqual(trials.map((r) => r[4]).sort(), ['none (baseline)', 'runbook', 'runbook']);
    assert.ok(trials.every((r) => r[3] === '{"signal":"SIGKILL"}'), 'params with the chaos type\'s defaults');
    assert.deepEqual(
      rows.filter((r) => /^6\d$/.test(r[0]!)),
      [
        ['60', 'etcd-eval-60', '62379', '62479', '62579'],
        ['61', 'etcd-eval-61', '63379', '63479', '63579'],
      ],
    );
    assert.match(stdout, /no container was touched/);
    await assert.rejects(readFile(dockerCalls, 'utf8'), { code: 'ENOENT' }, 'docker was called');
  });

  it('prints the same as JSON', async () => {
    const file = await campaignFile('dry-json.yaml', yaml);
    const { exitCode, stdout } = await gauntlet(['run', file, '--dry-run', '--json'], { PATH: fakeBin });
    assert.equal(exitCode, 0);
    const result = JSON.parse(stdout) as {
      trials: Array<{ subject: string; chaos_type: string; params: object; baseline: boolean }>;
      port_plans: Array<{ slots: Array<{ project: string }> }>;
      bound_ports: string[];
    };
    assert.equal(result.trials.length, 3);
    assert.deepEqual(result.trials.filter((t) => t.baseline).map((t) => [t.subject, t.chaos_type, t.params]), [['etcd', 'node_kill', { signal: 'SIGKILL' }]]);
    assert.deepEqual(result.port_plans[0]!.slots.map((s) => s.project), ['etcd-eval-60', 'etcd-eval-61']);
    assert.deepEqual(result.bound_ports, []);
  });

  it('exits 3 naming a planned port that something on the host holds', async () => {
    const file = await campaignFile('dry-bound.yaml', yaml);
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen({ port: 63479, host: '127.0.0.1' }, resolve));
    try {
      const { exitCode, stdout } = await gauntlet(['run', file, '--dry-run'], { PATH: fakeBin });
      assert.equal(exitCode, 3);
      assert.match(stdout, /run would refuse to start/);
      assert.match(stdout, /port 63479 of slot 61 \(etcd1 client, ETCD1_HOST_PORT\) is taken/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
