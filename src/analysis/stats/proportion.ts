import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export interface Interval {
  low: number;
  high: number;
}

export interface Proportion extends Interval {
  successes: number;
  trials: number;
  /** undefined when there are no trials: no rate to estimate. */
  estimate: number | undefined;
}

export const CONFIDENCE = 0.95;

export function zFor(confidence = CONFIDENCE): number {
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/**
 * Wilson score interval for a binomial proportion. Unlike the textbook
 * p ± z·se interval it stays inside [0, 1] and keeps its coverage at 0/n and n/n,
 * which is where small campaigns usually land.
 */
export function wilsonInterval(successes: number, trials: number, confidence = CONFIDENCE): Proportion {
  checkCounts(successes, trials);
  if (trials === 0) return { successes, trials, estimate: undefined, low: 0, high: 1 };
  const z = zFor(confidence);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return { successes, trials, estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Difference extends Interval {
  /** a minus b; undefined when either side has no trials. */
  estimate: number | undefined;
}

/**
 * Interval for the difference of two independent proportions (a − b), built
 * from the two Wilson intervals (Newcombe's hybrid score method): it behaves
 * at 0 and 100% where the Wald difference interval collapses.
 */
export function differenceInterval(a: Proportion, b: Proportion): Difference {
  if (a.estimate === undefined || b.estimate === undefined) return { estimate: undefined, low: -1, high: 1 };
  const d = a.estimate - b.estimate;
  const low = d - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2);
  const high = d + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2);
  return { estimate: d, low: Math.max(-1, low), high: Math.min(1, high) };
}

function checkCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`expected 0 <= successes <= trials (integers), got ${successes} of ${trials}`);
  }
}
