import { z } from 'zod';
import type { ChaosType } from './chaos-type.ts';
import { nodeKill } from './node-kill.ts';
import { ChaosTargetError, memberContainer, targetOf } from './targets.ts';

const params = z.strictObject({
  signal: z.enum(['SIGKILL', 'SIGTERM']).default('SIGKILL').describe('The signal sent to the leader.'),
});

/** Kills the member the subject reports as leader at planning time. */
export const leaderKill: ChaosType<z.output<typeof params>> = {
  name: 'leader_kill',
  description: 'Kill the current leader\'s container (SIGKILL by default); it stays down until started again.',
  params,
  async plan(ctx, p) {
    const leader = await ctx.client.leaderService(ctx.signal);
    if (!leader) throw new ChaosTargetError('the subject reports no leader to kill');
    const container = await memberContainer(ctx, leader);
    return {
      metadata: { type: 'leader_kill', target: targetOf(container), signal: p.signal },
      apply: async () => {
        await ctx.project.engine.docker(['kill', '--signal', p.signal, container.id], { timeoutMs: 30_000 });
      },
    };
  },
  cleanup: (ctx, metadata) => nodeKill.cleanup(ctx, metadata),
};
