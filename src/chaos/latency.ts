import { z } from 'zod';
import type { ChaosType } from './chaos-type.ts';
import { cleanupNetem, netemProblems, planNetem } from './netem.ts';

const milliseconds = z.int().min(0).max(60_000);

const params = z
  .strictObject({
    min_ms: milliseconds.default(100).describe('Shortest added delay, in milliseconds.'),
    max_ms: milliseconds.default(300).describe('Longest added delay, in milliseconds.'),
  })
  .refine((p) => p.min_ms <= p.max_ms, { message: 'min_ms must not be larger than max_ms', path: ['max_ms'] });

// TODO: no engine here has sch_netem, so only the refusal path has run; run the
// Docker test of latency on a kernel with netem to cover the apply path.
/** Delays every packet one member sends by a uniform time between min_ms and max_ms. */
export const latency: ChaosType<z.output<typeof params>> = {
  name: 'latency',
  description: 'Delay one member\'s outgoing packets (tc netem) by min_ms..max_ms; needs sch_netem in the engine\'s kernel.',
  params,
  preflight: (engine) => netemProblems(engine, 'latency'),
  plan(ctx, p) {
    const mean = (p.min_ms + p.max_ms) / 2;
    const jitter = (p.max_ms - p.min_ms) / 2;
    return planNetem(ctx, 'latency', ['delay', `${mean}ms`, `${jitter}ms`]);
  },
  cleanup: cleanupNetem,
};
