import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeCommand, detectCompose, type ComposeFlavour } from '../../src/compose/compose-cli.ts';
import { ComposeProject } from '../../src/compose/compose-project.ts';
import type { ContainerInfo, DockerEngine } from '../../src/engine/docker-engine.ts';
import type { RunOptions, RunResult } from '../../src/process/run.ts';
import { silentLogger } from '../../src/log/logger.ts';

const target = { project: 'etcd-eval-2', file: '/x/docker-compose.yaml', envFile: '/runs/etcd-eval-2.env' };
const common = ['-p', 'etcd-eval-2', '-f', '/x/docker-compose.yaml', '--env-file', '/runs/etcd-eval-2.env'];
const v1: ComposeFlavour = { kind: 'v1', version: '1.29.2' };
const v2: ComposeFlavour = { kind: 'v2', version: '2.29.1' };

/**
 * Records the argv of every command instead of running it: Compose v2 is not
 * installable here, so its command lines can only be checked this way.
 */
class RecordingEngine {
  readonly host = undefined;
  readonly calls: string[][] = [];

  constructor(
    private readonly listed: Array<Pick<ContainerInfo, 'id' | 'state'>> = [],
    private readonly answers: Record<string, string> = {},
    private readonly missing: string[] = [],
  ) {}

  async run(file: string, args: readonly string[], _options?: RunOptions): Promise<RunResult> {
    const argv = [file, ...args];
    this.calls.push(argv);
    if (this.missing.some((m) => argv.join(' ').startsWith(m))) throw new Error(`${file}: not installed`);
    return { stdout: this.answers[argv.join(' ')] ?? '', stderr: '', exitCode: 0 };
  }

  async docker(args: readonly string[], options?: RunOptions): Promise<RunResult> {
    return this.run('docker', args, options);
  }

  async containers(): Promise<ContainerInfo[]> {
    this.calls.push(['(list containers by label)']);
    return this.listed as ContainerInfo[];
  }

  async containerStates(): Promise<Array<Pick<ContainerInfo, 'id' | 'state'>>> {
    this.calls.push(['(list containers by label)']);
    return this.listed;
  }

  async remove(kind: 'container' | 'network' | 'volume', ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.docker(kind === 'container' ? ['rm', '-f', '-v', ...ids] : [kind, 'rm', ...ids]);
  }

  async listIds(kind: 'network' | 'volume'): Promise<string[]> {
    this.calls.push([`(list ${kind}s by label)`]);
    return kind === 'network' ? ['net1'] : ['vol1', 'vol2'];
  }
}

function projectOn(flavour: ComposeFlavour, engine: RecordingEngine): ComposeProject {
  return new ComposeProject(engine as unknown as DockerEngine, flavour, target, silentLogger);
}

describe('compose command lines', () => {
  it('runs v2 as a docker plugin', () => {
    assert.deepEqual(composeCommand(v2, target, ['up', '-d']), { file: 'docker', args: ['compose', ...common, 'up', '-d'] });
  });

  it('runs v1 as docker-compose with the same flags', () => {
    assert.deepEqual(composeCommand(v1, target, ['down', '-v', '-t', '0']), {
      file: 'docker-compose',
      args: [...common, 'down', '-v', '-t', '0'],
    });
  });

  for (const [flavour, prefix] of [
    [v1, ['docker-compose']],
    [v2, ['docker', 'compose']],
  ] as const) {
    it(`brings a slot up detached, removing orphans (${flavour.kind})`, async () => {
      const engine = new RecordingEngine();
      await projectOn(flavour, engine).up();
      assert.deepEqual(engine.calls, [[...prefix, ...common, 'up', '-d', '--remove-orphans']]);
    });

    it(`falls back to Compose's own down, with volumes, no grace period and orphans, when a removal fails (${flavour.kind})`, async () => {
      const engine = new RecordingEngine([{ id: 'a1', state: 'running' }], {}, ['docker rm']);
      await projectOn(flavour, engine).down();
      assert.deepEqual(engine.calls, [
        ['(list containers by label)'],
        ['docker', 'rm', '-f', '-v', 'a1'],
        [...prefix, ...common, 'down', '-v', '-t', '0', '--remove-orphans'],
      ]);
    });

    it(`names both failures when Compose cannot take the slot down either (${flavour.kind})`, async () => {
      const engine = new RecordingEngine([{ id: 'a1', state: 'running' }], {}, ['docker rm', prefix.join(' ')]);
      await assert.rejects(projectOn(flavour, engine).down(), /could not take etcd-eval-2 down: through the engine: .*docker: not installed; through Compose: .*not installed/);
    });
  }
});

describe('taking a slot down through the engine', () => {
  it('unpauses what is paused, removes every container with its anonymous volumes, then networks and volumes', async () => {
    const engine = new RecordingEngine([
      { id: 'a1', state: 'running' },
      { id: 'b2', state: 'paused' },
      { id: 'c3', state: 'paused' },
    ]);
    await projectOn(v1, engine).down();
    assert.deepEqual(engine.calls, [
      ['(list containers by label)'],
      ['docker', 'unpause', 'b2', 'c3'],
      ['docker', 'rm', '-f', '-v', 'a1', 'b2', 'c3'],
      ['(list networks by label)'],
      ['(list volumes by label)'],
      ['docker', 'network', 'rm', 'net1'],
      ['docker', 'volume', 'rm', 'vol1', 'vol2'],
    ]);
  });

  it('does not unpause when nothing is paused, and runs no Compose at all', async () => {
    const engine = new RecordingEngine([{ id: 'a1', state: 'exited' }]);
    await projectOn(v2, engine).down();
    assert.ok(!engine.calls.some((c) => c.includes('unpause')));
    assert.ok(!engine.calls.some((c) => c.includes('compose') || c[0] === 'docker-compose'));
  });
});

describe('compose detection', () => {
  it('prefers the v2 plugin when it answers', async () => {
    const engine = new RecordingEngine([], { 'docker compose version --short': 'v2.29.1' });
    assert.deepEqual(await detectCompose(engine as unknown as DockerEngine), { kind: 'v2', version: '2.29.1' });
    assert.deepEqual(engine.calls, [['docker', 'compose', 'version', '--short']]);
  });

  it('falls back to docker-compose v1 when the plugin is missing', async () => {
    const engine = new RecordingEngine([], { 'docker-compose version --short': '1.29.2' }, ['docker compose']);
    assert.deepEqual(await detectCompose(engine as unknown as DockerEngine), { kind: 'v1', version: '1.29.2' });
    assert.deepEqual(engine.calls, [
      ['docker', 'compose', 'version', '--short'],
      ['docker-compose', 'version', '--short'],
    ]);
  });

  it('reports no flavour when neither is installed', async () => {
    const engine = new RecordingEngine([], {}, ['docker compose', 'docker-compose']);
    assert.equal(await detectCompose(engine as unknown as DockerEngine), undefined);
  });
});
