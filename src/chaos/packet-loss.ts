import { z } from 'zod';
import type { ChaosType } from './chaos-type.ts';
import { cleanupNetem, netemProblems, planNetem } from './netem.ts';

const params = z.strictObject({
  percent: z.number().gt(0).max(100).default(10).describe('Share of one member\'s outgoing packets that are dropped, in percent.'),
});

// TODO: no engine here has sch_netem, so only the refusal path has run; run the
// Docker test of packet_loss on a kernel with netem to cover the apply path.
/** Drops a random share of the packets one member sends. */
export const packetLoss: ChaosType<z.output<typeof params>> = {
  name: 'packet_loss',
  description: 'Drop a share of one member\'s outgoing packets (tc netem loss); needs sch_netem in the engine\'s kernel.',
  params,
  preflight: (engine) => netemProblems(engine, 'packet_loss'),
  plan: (ctx, p) => planNetem(ctx, 'packet_loss', ['loss', `${p.percent}%`]),
  cleanup: cleanupNetem,
};
