import kruskalTest from '@stdlib/stats-kruskal-test';

export interface RankTestResult {
  /** Mann-Whitney U of sample a: pairs where a is larger, ties counting one half. */
  u: number;
  /** Probability that a random value of a is smaller than one of b (ties count one half). */
  probabilityALower: number;
  pValue: number;
  n: [number, number];
}

/**
 * Two-sided rank test of two independent samples (Wilcoxon-Mann-Whitney).
 * The p-value comes from stdlib's Kruskal-Wallis test, which for two groups is
 * the tie-corrected normal approximation of Mann-Whitney without continuity
 * correction. Censored times belong in the samples at the censoring time: when
 * every trial shares one timeout they tie with each other above every observed
 * time, which is where they rank.
 */
export function rankTest(a: readonly number[], b: readonly number[]): RankTestResult | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  const pairs = a.length * b.length;
  const allTied = new Set([...a, ...b]).size === 1;
  const pValue = allTied ? 1 : kruskalTest([...a], [...b]).pValue;
  return { u, probabilityALower: 1 - u / pairs, pValue, n: [a.length, b.length] };
}
