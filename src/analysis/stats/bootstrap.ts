import { Random } from '../../chaos/random.ts';
import { CONFIDENCE } from './proportion.ts';

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  confidence?: number;
}

export interface BootstrapInterval {
  /** undefined when even the lowest resampled statistics were undefined (e.g. a median not reached). */
  low: number | undefined;
  /** undefined when the upper resampled statistics were undefined: unbounded above. */
  high: number | undefined;
  resamples: number;
  seed: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_BOOTSTRAP_SEED = 1;

/**
 * Percentile bootstrap interval of a statistic, resampling the items with
 * replacement from a seeded generator so the same data always give the same
 * interval. A statistic that is undefined for a resample (a Kaplan-Meier
 * median not reached) ranks above every number.
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number | undefined,
  options: BootstrapOptions = {},
): BootstrapInterval | undefined {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (items.length === 0) return undefined;
  const random = new Random(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = Array.from({ length: items.length }, () => items[Math.floor(random.next() * items.length)]!);
    values.push(statistic(sample) ?? Number.POSITIVE_INFINITY);
  }
  values.sort((x, y) => x - y);
  const alpha = 1 - (options.confidence ?? CONFIDENCE);
  const at = (q: number) => values[Math.min(resamples - 1, Math.max(0, Math.ceil(q * resamples) - 1))]!;
  const finite = (v: number) => (Number.isFinite(v) ? v : undefined);
  return { low: finite(at(alpha / 2)), high: finite(at(1 - alpha / 2)), resamples, seed };
}
