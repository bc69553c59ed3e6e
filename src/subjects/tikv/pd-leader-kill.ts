import { z } from 'zod';
import type { ChaosType } from '../../chaos/chaos-type.ts';
import { ChaosTargetError, currentTarget, memberContainer, targetOf } from '../../chaos/targets.ts';

const params = z.strictObject({
  signal: z.enum(['SIGKILL', 'SIGTERM']).default('SIGKILL').describe('The signal sent to the PD leader.'),
});

/** Kills the PD member that currently leads; it stays down until started again. */
export const pdLeaderKill: ChaosType<z.output<typeof params>> = {
  name: 'pd_leader_kill',
  description: 'Kill the container of the current PD leader (SIGKILL by default); it stays down until started again.',
  params,
  async plan(ctx, p) {
    const leader = await ctx.client.leaderService(ctx.signal);
    if (!leader) throw new ChaosTargetError(`project ${ctx.project.name} has no PD leader to kill`);
    const container = await memberContainer(ctx, leader);
    return {
      metadata: { type: 'pd_leader_kill', target: targetOf(container), signal: p.signal },
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
