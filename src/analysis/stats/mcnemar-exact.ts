import binomialTest from '@stdlib/stats-binomial-test';

/** Paired outcomes: how many pairs only A won, and how many only B won. */
export interface Discordant {
  onlyA: number;
  onlyB: number;
}

/**
 * McNemar's exact test for paired binary outcomes: under "no difference" each
 * discordant pair is equally likely to favour A or B, so it is an exact
 * binomial test of the discordant counts against one half.
 */
export function mcnemarExact(d: Discordant): number {
  const n = d.onlyA + d.onlyB;
  if (n === 0) return 1;
  return Math.min(1, binomialTest(d.onlyA, n, { p: 0.5, alternative: 'two-sided' }).pValue);
}
