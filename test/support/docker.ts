import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerEngine } from '../../src/engine/docker-engine.ts';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import { MANAGED_LABEL } from '../../src/pool/preflight.ts';

/**
 * Docker-backed tests run against the local engine. Each test file uses its
 * own slot numbers (first_slot) with a small port stride, so files never share
 * a project name or a port with each other or with a user's own stack.
 */
export const TEST_PORT_STRIDE = 1000;

export const engine = new DockerEngine();

export async function requireEngine(): Promise<void> {
  if (!(await engine.serverVersion())) {
    throw new Error('no Docker engine answers: run scripts/ensure-docker.sh (and scripts/build-images.sh) first');
  }
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `gauntlet-${prefix}-`));
}

export function testLogger(name: string): Logger {
  return createLogger(name, { level: process.env.GAUNTLET_LOG_LEVEL ? undefined : 'warn' });
}

/** Everything labelled as ours for one campaign: containers, networks, volumes. */
export async function leftovers(campaignId: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const labels = { [MANAGED_LABEL]: 'true', 'dev.gauntlet.campaign': campaignId };
  return {
    containers: (await engine.containers(labels)).map((c) => c.name),
    networks: await engine.listIds('network', labels),
    volumes: await engine.listIds('volume', labels),
  };
}
