import { z } from 'zod';
import type { ChaosType } from './chaos-type.ts';
import { currentTarget, randomMember, targetOf } from './targets.ts';

const params = z.strictObject({});

/** Freezes every process of one member (cgroup freezer); it answers nothing until unpaused. */
export const processPause: ChaosType<z.output<typeof params>> = {
  name: 'process_pause',
  description: 'Freeze one member container (docker pause); it stays frozen until unpaused.',
  params,
  async plan(ctx) {
    const container = await randomMember(ctx);
    return {
      metadata: { type: 'process_pause', target: targetOf(container) },
      apply: async () => {
        await ctx.project.engine.docker(['pause', container.id], { timeoutMs: 30_000 });
      },
    };
  },
  async cleanup(ctx, metadata) {
    const container = await currentTarget(ctx, metadata);
    if (container?.state === 'paused') {
      await ctx.project.engine.docker(['unpause', container.id], { timeoutMs: 30_000 });
    }
  },
};
