import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { COMPOSE_PROJECT_LABEL, type DockerEngine, type NetworkInfo } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import type { SlotPlan } from '../ports/port-plan.ts';
import { DOCKER_DEFAULT_POOLS, poolCapacity } from './address-pools.ts';
import { MANAGED_LABEL, PreflightError } from './preflight.ts';

/** A network younger than this may belong to a project that is being brought up right now. */
export const STALE_NETWORK_AGE_MS = 120_000;

interface ComposeFileShape {
  services?: Record<string, { networks?: unknown; network_mode?: string } | null>;
  networks?: Record<string, { external?: unknown } | null>;
}

/** Networks one project of this Compose file creates: its own declared ones plus `default` when used. */
export async function projectNetworkCount(composeFile: string): Promise<number> {
  const doc = (parse(await readFile(composeFile, 'utf8')) ?? {}) as ComposeFileShape;
  const names = new Set(
    Object.entries(doc.networks ?? {})
      .filter(([, spec]) => !spec?.external)
      .map(([name]) => name),
  );
  if (Object.values(doc.services ?? {}).some((s) => !s?.networks && !s?.network_mode)) names.add('default');
  return names.size;
}

/**
 * Removes networks labelled as ours that no container of their project uses
 * any more (left by a killed run), so they stop holding address pools.
 */
export async function removeStaleNetworks(
  engine: DockerEngine,
  logger: Logger,
  options: { minAgeMs?: number; labels?: Record<string, string> } = {},
): Promise<string[]> {
  const minAge = options.minAgeMs ?? STALE_NETWORK_AGE_MS;
  const candidates = (await engine.networks({ [MANAGED_LABEL]: 'true', ...options.labels })).filter(
    (n) => n.endpoints === 0 && Date.now() - Date.parse(n.created) >= minAge,
  );
  const stale: NetworkInfo[] = [];
  for (const network of candidates) {
    const project = network.labels[COMPOSE_PROJECT_LABEL];
    if (project && (await engine.containers({ [COMPOSE_PROJECT_LABEL]: project })).length > 0) continue;
    stale.push(network);
  }
  if (stale.length === 0) return [];
  await engine.remove('network', stale.map((n) => n.id));
  const names = stale.map((n) => n.name);
  logger.info(`Removed ${names.length} empty network(s) left by earlier runs: ${names.join(', ')}`);
  return names;
}

/**
 * The engine hands out bridge subnets from a fixed set of address pools
 * (about 31 networks by default). A plan that needs more fails here, with the
 * numbers, instead of half way through bringing slots up.
 */
export async function checkNetworkCapacity(
  engine: DockerEngine,
  composeFile: string,
  plans: readonly SlotPlan[],
): Promise<{ needed: number; free: number }> {
  const perProject = await projectNetworkCount(composeFile);
  const needed = perProject * plans.length;
  const planned = new Set(plans.map((p) => p.project));
  const inUse = (await engine.networks()).filter(
    (n) => n.scope === 'local' && !planned.has(n.labels[COMPOSE_PROJECT_LABEL] ?? ''),
  );
  const pools = (await engine.defaultAddressPools()) ?? DOCKER_DEFAULT_POOLS;
  const capacity = poolCapacity(pools, inUse.flatMap((n) => n.subnets));
  if (needed > capacity.free) {
    throw new PreflightError([
      `the plan needs ${needed} new network(s) (${plans.length} slot(s) x ${perProject}) but the engine can create only ${capacity.free} more: its address pools hold ${capacity.total} networks and ${capacity.taken} are in use; lower \`parallel\`, remove unused networks (docker network ls), or give dockerd larger default-address-pools`,
    ]);
  }
  return { needed, free: capacity.free };
}

/** Network preflight for a pool: first clear our own stale networks, then count. */
export async function checkNetworks(
  engine: DockerEngine,
  composeFile: string,
  plans: readonly SlotPlan[],
  logger: Logger,
): Promise<void> {
  await removeStaleNetworks(engine, logger);
  const { needed, free } = await checkNetworkCapacity(engine, composeFile, plans);
  logger.debug(`Networks: the plan needs ${needed}, the engine can create ${free} more`);
}
