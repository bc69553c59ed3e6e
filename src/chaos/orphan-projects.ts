import { COMPOSE_PROJECT_LABEL, type DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { MANAGED_LABEL } from '../pool/preflight.ts';
import { describeError } from '../process/run.ts';

export const CAMPAIGN_LABEL = 'dev.gauntlet.campaign';

export interface ManagedProject {
  project: string;
  campaign: string;
  containers: string[];
  paused: string[];
  networks: string[];
  volumes: string[];
}

/** Every project carrying our managed label on the engine: containers, networks and volumes. */
export async function managedProjects(engine: DockerEngine): Promise<ManagedProject[]> {
  const byName = new Map<string, ManagedProject>();
  const entry = (labels: Record<string, string>) => {
    const name = labels[COMPOSE_PROJECT_LABEL] ?? '';
    if (!byName.has(name)) {
      byName.set(name, { project: name, campaign: labels[CAMPAIGN_LABEL] ?? '', containers: [], paused: [], networks: [], volumes: [] });
    }
    return byName.get(name)!;
  };
  for (const c of await engine.containers({ [MANAGED_LABEL]: 'true' })) {
    const p = entry(c.labels);
    p.containers.push(c.id);
    if (c.state === 'paused') p.paused.push(c.id);
  }
  for (const kind of ['network', 'volume'] as const) {
    for (const id of await engine.listIds(kind, { [MANAGED_LABEL]: 'true' })) {
      const { stdout } = await engine.docker([kind, 'inspect', '--format', '{{json .Labels}}', id], { timeoutMs: 20_000 });
      const p = entry((JSON.parse(stdout) as Record<string, string> | null) ?? {});
      (kind === 'network' ? p.networks : p.volumes).push(id);
    }
  }
  return [...byName.values()].filter((p) => p.project !== '');
}

/**
 * Takes a project down by its labels alone (no Compose file or env file
 * needed, which a crashed run may have lost): unpause, remove containers,
 * then networks and volumes.
 */
export async function takeDownByLabels(engine: DockerEngine, project: ManagedProject, logger: Logger): Promise<void> {
  if (project.paused.length > 0) await engine.docker(['unpause', ...project.paused], { okExitCodes: [1], timeoutMs: 60_000 });
  if (project.containers.length > 0) await engine.docker(['rm', '-f', '-v', ...project.containers], { timeoutMs: 120_000 });
  const problems: string[] = [];
  for (const [kind, ids] of [['network', project.networks], ['volume', project.volumes]] as const) {
    if (ids.length === 0) continue;
    try {
      await engine.docker([kind, 'rm', ...ids], { timeoutMs: 60_000 });
    } catch (error) {
      problems.push(`${kind}s: ${describeError(error)}`);
    }
  }
  if (problems.length > 0) throw new Error(`could not remove all of ${project.project}: ${problems.join('; ')}`);
  logger.info(`Took ${project.project} down (${project.containers.length} container(s), ${project.networks.length} network(s), ${project.volumes.length} volume(s))`);
}
