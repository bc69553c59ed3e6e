import { COMPOSE_PROJECT_LABEL, type ContainerInfo, type DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { MANAGED_LABEL } from './preflight.ts';

export const SUBJECT_LABEL = 'dev.gauntlet.subject';
export const CAMPAIGN_LABEL = 'dev.gauntlet.campaign';
export const SLOT_LABEL = 'dev.gauntlet.slot';

/** A slot project found on an engine by our labels. */
export interface SlotProjectInfo {
  project: string;
  subject: string;
  slot: number | null;
  campaign: string;
  /** Host ports its containers publish. */
  ports: number[];
  /** healthy, unhealthy, starting, stopped or degraded (some containers not running) */
  health: string;
  /** Containers that are not running and healthy, as "service: state". */
  problems: string[];
  containers: number;
  createdAt: string;
  ageMs: number;
}

export interface SlotSelection {
  campaign?: string;
  projects?: readonly string[];
}

/** Groups our containers into projects, oldest first. */
export function slotProjects(containers: readonly ContainerInfo[], now = Date.now()): SlotProjectInfo[] {
  const byProject = new Map<string, ContainerInfo[]>();
  for (const c of containers) {
    if (!c.project) continue;
    byProject.set(c.project, [...(byProject.get(c.project) ?? []), c]);
  }
  return [...byProject.entries()]
    .map(([project, list]) => describeProject(project, list, now))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.project.localeCompare(b.project));
}

function describeProject(project: string, list: ContainerInfo[], now: number): SlotProjectInfo {
  const first = list[0]!;
  const createdAt = list.map((c) => c.created).sort()[0] ?? '';
  const slot = Number.parseInt(first.labels[SLOT_LABEL] ?? '', 10);
  const problems = list
    .filter((c) => c.state !== 'running' || (c.health !== 'healthy' && c.health !== 'none'))
    .map((c) => `${c.service}: ${c.state === 'running' ? c.health : c.state}`)
    .sort();
  return {
    project,
    subject: first.labels[SUBJECT_LABEL] ?? '',
    slot: Number.isNaN(slot) ? null : slot,
    campaign: first.labels[CAMPAIGN_LABEL] ?? '',
    ports: [...new Set(list.flatMap((c) => Object.values(c.publishedPorts).flat()))].filter((p) => p > 0).sort((a, b) => a - b),
    health: overallHealth(list),
    problems,
    containers: list.length,
    createdAt,
    ageMs: createdAt ? Math.max(0, now - Date.parse(createdAt)) : 0,
  };
}

function overallHealth(list: ContainerInfo[]): string {
  const running = list.filter((c) => c.state === 'running');
  if (running.length === 0) return 'stopped';
  if (running.length < list.length) return 'degraded';
  const checked = running.map((c) => c.health).filter((h) => h !== 'none');
  if (checked.includes('unhealthy')) return 'unhealthy';
  if (checked.includes('starting')) return 'starting';
  return 'healthy';
}

/** Our projects on the engine, optionally only one campaign's or the named ones. */
export async function listSlotProjects(engine: DockerEngine, selection: SlotSelection = {}): Promise<SlotProjectInfo[]> {
  const labels: Record<string, string> = { [MANAGED_LABEL]: 'true' };
  if (selection.campaign) labels[CAMPAIGN_LABEL] = selection.campaign;
  const projects = slotProjects(await engine.containers(labels)).sort(
    (a, b) => a.subject.localeCompare(b.subject) || (a.slot ?? -1) - (b.slot ?? -1) || a.project.localeCompare(b.project),
  );
  return selection.projects?.length ? projects.filter((p) => selection.projects!.includes(p.project)) : projects;
}

export interface RemovalReport {
  projects: string[];
  containers: number;
  networks: number;
  volumes: number;
}

/**
 * Removes our projects by label, without their Compose file: containers
 * (unpaused first), then the project's networks and volumes. Only resources
 * labelled as ours are touched.
 */
export async function removeSlotProjects(engine: DockerEngine, projects: readonly string[], logger: Logger): Promise<RemovalReport> {
  const report: RemovalReport = { projects: [...projects], containers: 0, networks: 0, volumes: 0 };
  for (const project of projects) {
    const labels = { [MANAGED_LABEL]: 'true', [COMPOSE_PROJECT_LABEL]: project };
    const containers = await engine.containers(labels);
    const paused = containers.filter((c) => c.state === 'paused').map((c) => c.id);
    if (paused.length > 0) await engine.docker(['unpause', ...paused], { okExitCodes: [1], timeoutMs: 30_000 });
    await engine.remove('container', containers.map((c) => c.id));
    const networks = await engine.listIds('network', labels);
    await engine.remove('network', networks);
    const volumes = await engine.listIds('volume', labels);
    await engine.remove('volume', volumes);
    logger.info(`Removed ${project}: ${containers.length} container(s), ${networks.length} network(s), ${volumes.length} volume(s)`);
    report.containers += containers.length;
    report.networks += networks.length;
    report.volumes += volumes.length;
  }
  return report;
}

/** Networks and volumes labelled as ours that no container of ours uses any more. */
export async function removeOrphanResources(engine: DockerEngine, selection: SlotSelection, logger: Logger): Promise<{ networks: number; volumes: number }> {
  const labels: Record<string, string> = { [MANAGED_LABEL]: 'true' };
  if (selection.campaign) labels[CAMPAIGN_LABEL] = selection.campaign;
  const live = new Set((await engine.containers({ [MANAGED_LABEL]: 'true' })).map((c) => c.project));
  const networks = (await engine.networks(labels)).filter((n) => !live.has(n.labels[COMPOSE_PROJECT_LABEL] ?? ''));
  await engine.remove('network', networks.map((n) => n.id));
  const volumes = await engine.listIds('volume', labels);
  const orphanVolumes: string[] = [];
  for (const volume of volumes) {
    const users = await engine.docker(['ps', '-aq', '--filter', `volume=${volume}`], { timeoutMs: 20_000 });
    if (!users.stdout.trim()) orphanVolumes.push(volume);
  }
  await engine.remove('volume', orphanVolumes);
  if (networks.length + orphanVolumes.length > 0) {
    logger.info(`Removed ${networks.length} network(s) and ${orphanVolumes.length} volume(s) no container uses`);
  }
  return { networks: networks.length, volumes: orphanVolumes.length };
}
