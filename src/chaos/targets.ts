import { randomBytes } from 'node:crypto';
import type { ContainerInfo } from '../engine/docker-engine.ts';
import type { ChaosContext, ChaosMetadata } from './chaos-type.ts';

export class ChaosTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChaosTargetError';
  }
}

/** Finds the running container of a member service by its Compose labels. */
export async function memberContainer(ctx: ChaosContext, service: string): Promise<ContainerInfo> {
  const container = (await ctx.project.containers()).find((c) => c.service === service);
  if (!container) throw new ChaosTargetError(`no container for service ${service} in project ${ctx.project.name}`);
  if (container.state !== 'running') {
    throw new ChaosTargetError(`${container.name} is ${container.state}, not running`);
  }
  return container;
}

/** Picks a random member and returns its container. */
export async function randomMember(ctx: ChaosContext): Promise<ContainerInfo> {
  return memberContainer(ctx, ctx.random.pick(ctx.subject.memberServices));
}

export function targetOf(container: ContainerInfo): ChaosMetadata['target'] {
  return { service: container.service, containerId: container.id, containerName: container.name };
}

/**
 * Looks the target up again for cleanup. Undefined means nothing is left to
 * clean: the container is gone, or it was recreated (another id).
 */
export async function currentTarget(ctx: ChaosContext, metadata: ChaosMetadata): Promise<ContainerInfo | undefined> {
  const containers = await ctx.project.containers();
  return containers.find((c) => c.id === metadata.target.containerId);
}

/** The container's IPv4 addresses on its networks (its Compose network, normally one). */
export async function containerAddresses(ctx: ChaosContext, containerId: string): Promise<string[]> {
  const { stdout } = await ctx.project.engine.docker(
    ['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', containerId],
    { timeoutMs: 20_000 },
  );
  const addresses = stdout.split(/\s+/).filter(Boolean);
  if (addresses.length === 0) throw new ChaosTargetError(`container ${containerId.slice(0, 12)} has no IP address`);
  return addresses;
}

/** The running containers of every member except the given one. */
export async function peerMembers(ctx: ChaosContext, service: string): Promise<ContainerInfo[]> {
  const peers = ctx.subject.memberServices.filter((s) => s !== service);
  return Promise.all(peers.map((s) => memberContainer(ctx, s)));
}

/** A short random id that names one injection's rules and files. */
export function injectionId(): string {
  return randomBytes(4).toString('hex');
}
