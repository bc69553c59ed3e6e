import assert from 'node:assert/strict';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ContainerInfo } from '../../src/engine/docker-engine.ts';
import { projectNetworkCount } from '../../src/pool/network-preflight.ts';
import { slotProjects } from '../../src/pool/slot-inventory.ts';
import { logExcerpt } from '../../src/pool/bring-up.ts';
import { poolSize } from '../../src/pool/subject-pool.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';

function container(project: string, service: string, state: string, health: string, extra: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    id: `${project}-${service}`,
    name: `${project}_${service}_1`,
    project,
    service,
    state,
    health,
    exitCode: state === 'exited' ? 137 : 0,
    created: '2026-12-03T10:00:00.000Z',
    startedAt: '2026-12-03T10:00:01.000Z',
    labels: { 'dev.gauntlet.subject': 'etcd', 'dev.gauntlet.slot': project.replace(/\D/g, '') || '0', 'dev.gauntlet.campaign': 'c1' },
    publishedPorts: {},
    ...extra,
  };
}

describe('slot inventory', () => {
  const now = Date.parse('2026-12-03T10:05:00.000Z');

  it('groups containers into projects with slot, ports, health and age', () => {
    const rows = slotProjects(
      [
        container('etcd-eval-21', 'etcd0', 'running', 'healthy', { publishedPorts: { '2379/tcp': [23379] } }),
        container('etcd-eval-21', 'etcd1', 'running', 'healthy', { publishedPorts: { '2379/tcp': [23479] } }),
        container('etcd-eval-21', 'volumes', 'running', 'none', { created: '2026-12-03T09:59:00.000Z' }),
      ],
      now,
    );
    assert.deepEqual(rows, [
      {
        project: 'etcd-eval-21',
        subject: 'etcd',
        slot: 21,
        campaign: 'c1',
        ports: [23379, 23479],
        health: 'healthy',
        problems: [],
        containers: 3,
        createdAt: '2026-12-03T09:59:00.000Z',
        ageMs: 360_000,
      },
    ]);
  });

  it('calls a project with a stopped member degraded and names the member', () => {
    const [row] = slotProjects([container('etcd-eval-22', 'etcd0', 'running', 'healthy'), container('etcd-eval-22', 'etcd1', 'exited', 'none')], now);
    assert.equal(row!.health, 'degraded');
    assert.deepEqual(row!.problems, ['etcd1: exited']);
  });

  it('tells unhealthy, starting and stopped projects apart', () => {
    const rows = slotProjects(
      [
        container('etcd-eval-1', 'etcd0', 'running', 'unhealthy'),
        container('etcd-eval-2', 'etcd0', 'running', 'starting'),
        container('etcd-eval-3', 'etcd0', 'exited', 'none'),
      ],
      now,
    );
    assert.deepEqual(rows.map((r) => [r.project, r.health]), [
      ['etcd-eval-1', 'unhealthy'],
      ['etcd-eval-2', 'starting'],
      ['etcd-eval-3', 'stopped'],
    ]);
  });
});

describe('pool size', () => {
  it('adds one warm spare only when more trials than parallel will run', () => {
    assert.deepEqual([poolSize(2, 6, 1), poolSize(3, 3, 1), poolSize(3, 2, 1), poolSize(1, 10, 1), poolSize(3, 6, 0)], [3, 3, 2, 2, 3]);
  });
});

describe('networks a project needs', () => {
  it('is one for the etcd subject (its default network)', async () => {
    assert.equal(await projectNetworkCount(etcdSubject.composeFile), 1);
  });

  it('counts declared networks, not external ones, and default only when a service uses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-networks-'));
    const file = join(dir, 'docker-compose.yaml');
    await writeFile(
      file,
      'services:\n  a: {image: x, networks: [front, back]}\n  b: {image: x}\n  c: {image: x, network_mode: host}\n' +
        'networks:\n  front: {}\n  back: {}\n  shared: {external: true}\n',
    );
    assert.equal(await projectNetworkCount(file), 3);
    await writeFile(file, 'services:\n  a: {image: x, networks: [front]}\nnetworks:\n  front: {}\n');
    assert.equal(await projectNetworkCount(file), 1);
  });
});

describe('log excerpt of a failed container', () => {
  it('starts at the first error line, so a panic message is not lost above its stack', () => {
    const log = ['starting', 'C | create wal error: no space left on device', 'panic: create wal error', ...Array.from({ length: 30 }, (_, i) => `  frame ${i}`)].join('\n');
    const excerpt = logExcerpt(log);
    assert.equal(excerpt[0], 'C | create wal error: no space left on device');
    assert.equal(excerpt.length, 8);
  });

  it('falls back to the last lines', () => {
    const log = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    assert.deepEqual(logExcerpt(log), Array.from({ length: 8 }, (_, i) => `line ${i + 12}`));
  });
});
