import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeCommand } from '../../src/compose/compose-cli.ts';

const target = { project: 'etcd-eval-2', file: '/x/docker-compose.yaml', envFile: '/runs/etcd-eval-2.env' };

describe('compose command lines', () => {
  it('runs v2 as a docker plugin', () => {
    assert.deepEqual(composeCommand({ kind: 'v2', version: '2.29.1' }, target, ['up', '-d']), {
      file: 'docker',
      args: ['compose', '-p', 'etcd-eval-2', '-f', '/x/docker-compose.yaml', '--env-file', '/runs/etcd-eval-2.env', 'up', '-d'],
    });
  });

  it('runs v1 as docker-compose with the same flags', () => {
    assert.deepEqual(composeCommand({ kind: 'v1', version: '1.29.2' }, target, ['down', '-v', '-t', '0']), {
      file: 'docker-compose',
      args: ['-p', 'etcd-eval-2', '-f', '/x/docker-compose.yaml', '--env-file', '/runs/etcd-eval-2.env', 'down', '-v', '-t', '0'],
    });
  });
});
