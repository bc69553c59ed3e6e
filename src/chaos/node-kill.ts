import { z } from 'zod';
import type { ChaosContext, ChaosType } from './chaos-type.ts';
import type { ContainerInfo } from '../engine/docker-engine.ts';
import { ChaosTargetError, currentTarget, memberContainer, randomMember, targetOf } from './targets.ts';

const params = z.strictObject({
  signal: z.enum(['SIGKILL', 'SIGTERM']).default('SIGKILL').describe('The signal sent to the container.'),
});

type KillParams = z.output<typeof params>;

/**
 * A chaos type that kills one container chosen by `choose`; the container
 * stays down until started again, and cleanup starts it if it still exists.
 */
export function killChaos(
  name: string,
  description: string,
  choose: (ctx: ChaosContext) => Promise<ContainerInfo>,
): ChaosType<KillParams> {
  return {
    name,
    description,
    params,
    async plan(ctx, p) {
      const container = await choose(ctx);
      return {
        metadata: { type: name, target: targetOf(container), signal: p.signal },
        apply: async () => {
          await ctx.project.engine.docker(['kill', '--signal', p.signal, container.id], { timeoutMs: 30_000 });
        },
      };
    },
    async cleanup(ctx, metadata) {
      const container = await currentTarget(ctx, metadata);
      if (container && (container.state === 'exited' || container.state === 'created')) {
        await ctx.project.engine.docker(['start', container.id], { timeoutMs: 60_000 });
      }
    },
  };
}

/** The container of the member the subject reports as leader at planning time. */
export async function leaderContainer(ctx: ChaosContext): Promise<ContainerInfo> {
  const leader = await ctx.client.leaderService(ctx.signal);
  if (!leader) throw new ChaosTargetError(`project ${ctx.project.name} reports no leader to kill`);
  return memberContainer(ctx, leader);
}

export const nodeKill = killChaos(
  'node_kill',
  'Kill one member container (SIGKILL by default); it stays down until started again.',
  randomMember,
);
