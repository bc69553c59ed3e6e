import type { DockerEngine } from '../engine/docker-engine.ts';
import type { ChaosContext, ChaosMetadata, ChaosPlan } from './chaos-type.ts';
import { inNetns, isNotRunningError, NETTOOLS_IMAGE } from './net-tools.ts';
import { currentTarget, randomMember, targetOf } from './targets.ts';

/** Our root qdisc's handle: the mark that tells our netem apart from anyone else's. */
export const NETEM_HANDLE = '6761:';
const DEVICE = 'eth0';

export interface NetemSupport {
  supported: boolean;
  detail: string;
}

export class NetemUnsupportedError extends Error {
  constructor(chaosType: string, detail: string) {
    super(`${chaosType} needs tc netem, but ${detail}; \`gauntlet doctor\` shows this check`);
    this.name = 'NetemUnsupportedError';
  }
}

/** netem is a module of the engine's kernel: try it in a throwaway namespace. */
export async function probeNetem(engine: DockerEngine): Promise<NetemSupport> {
  try {
    await engine.docker(
      ['run', '--rm', '--network', 'none', '--cap-add', 'NET_ADMIN', NETTOOLS_IMAGE, 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'],
      { timeoutMs: 30_000 },
    );
    return { supported: true, detail: 'the kernel supports sch_netem' };
  } catch {
    return { supported: false, detail: "the engine's kernel has no sch_netem (the tc netem qdisc)" };
  }
}

/** Refuses a netem chaos type on an engine without sch_netem, naming why. */
export async function netemProblems(engine: DockerEngine, chaosType: string): Promise<string[]> {
  const support = await probeNetem(engine);
  return support.supported ? [] : [new NetemUnsupportedError(chaosType, support.detail).message];
}

/**
 * Plans a netem qdisc on one member. `replace` makes a retried apply
 * overwrite our own qdisc instead of failing or stacking a second one.
 */
export async function planNetem(ctx: ChaosContext, type: string, netemArgs: string[]): Promise<ChaosPlan> {
  const support = await probeNetem(ctx.project.engine);
  if (!support.supported) throw new NetemUnsupportedError(type, support.detail);
  const container = await randomMember(ctx);
  const qdisc = ['root', 'handle', NETEM_HANDLE, 'netem', ...netemArgs];
  return {
    metadata: { type, target: targetOf(container), device: DEVICE, qdisc },
    apply: async () => {
      await inNetns(ctx.project.engine, container.id, ['tc', 'qdisc', 'replace', 'dev', DEVICE, ...qdisc]);
    },
  };
}

/** Deletes our qdisc if it is still there; a missing qdisc, device or container is clean. */
export async function cleanupNetem(ctx: ChaosContext, metadata: ChaosMetadata): Promise<void> {
  const container = await currentTarget(ctx, metadata);
  if (!container || !['running', 'paused'].includes(container.state)) return;
  const device = String(metadata.device);
  try {
    const shown = await inNetns(ctx.project.engine, container.id, ['tc', 'qdisc', 'show', 'dev', device]);
    if (!shown.stdout.includes(`netem ${NETEM_HANDLE}`)) return;
    await inNetns(ctx.project.engine, container.id, ['tc', 'qdisc', 'del', 'dev', device, 'root', 'handle', NETEM_HANDLE]);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    if (isNotRunningError(error) || /cannot find device|no such file|invalid handle/i.test(stderr)) return;
    throw error;
  }
}
