import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';

/** A 2x2 table: rows are the two groups, columns success and failure. */
export interface TwoByTwo {
  aSuccess: number;
  aFailure: number;
  bSuccess: number;
  bFailure: number;
}

/** Relative tolerance when comparing table probabilities, as in R's fisher.test. */
const TIE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided Fisher's exact test: the probability, with the margins fixed, of
 * a table no more likely than the one observed.
 */
export function fisherExact(t: TwoByTwo): number {
  const total = t.aSuccess + t.aFailure + t.bSuccess + t.bFailure;
  const rowA = t.aSuccess + t.aFailure;
  const successes = t.aSuccess + t.bSuccess;
  if (rowA === 0 || rowA === total || successes === 0 || successes === total) return 1;
  const pmf = (x: number) => hypergeometricPmf(x, total, successes, rowA);
  const observed = pmf(t.aSuccess);
  let p = 0;
  for (let x = Math.max(0, rowA + successes - total); x <= Math.min(rowA, successes); x++) {
    const px = pmf(x);
    if (px <= observed * TIE_TOLERANCE) p += px;
  }
  return Math.min(1, p);
}
