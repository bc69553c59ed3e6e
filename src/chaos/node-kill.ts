import { z } from 'zod';
import type { ChaosType } from './chaos-type.ts';
import { currentTarget, randomMember, targetOf } from './targets.ts';

const params = z.strictObject({
  signal: z.enum(['SIGKILL', 'SIGTERM']).default('SIGKILL').describe('The signal sent to the member.'),
});

/** Kills one member container; it stays down until someone starts it. */
export const nodeKill: ChaosType<z.output<typeof params>> = {
  name: 'node_kill',
  description: 'Kill one member container (SIGKILL by default); it stays down until started again.',
  params,
  async plan(ctx, p) {
    const container = await randomMember(ctx);
    return {
      metadata: { type: 'node_kill', target: targetOf(container), signal: p.signal },
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
