import type { Difference } from './stats/proportion.ts';
import type { RankTestResult } from './stats/rank-test.ts';

/** The level a test must reach before a verdict names a winner. */
export const SIGNIFICANCE = 0.05;

export type VerdictKind = 'a_better' | 'b_better' | 'no_clear_difference' | 'not_enough_data';

export interface Verdict {
  kind: VerdictKind;
  basis: 'win_rate' | 'time_to_resolve' | undefined;
  text: string;
}

export interface VerdictInput {
  labels: [string, string];
  scored: [number, number];
  winRate: { difference: Difference; pValue: number; test: string };
  resolve: RankTestResult | undefined;
}

/**
 * Win rate decides first; when it does not separate the two, the time to
 * resolve can (a failure counts as the slowest time). Neither below the
 * significance level means "no clear difference", however the numbers look.
 */
export function decideVerdict(input: VerdictInput): Verdict {
  const [a, b] = input.labels;
  if (input.scored[0] === 0 || input.scored[1] === 0) {
    return { kind: 'not_enough_data', basis: undefined, text: `not enough data: ${input.scored[0]} vs ${input.scored[1]} scored trials` };
  }
  const { difference, pValue, test } = input.winRate;
  if (pValue < SIGNIFICANCE && difference.estimate !== undefined && difference.estimate !== 0) {
    const [winner, loser] = difference.estimate > 0 ? [a, b] : [b, a];
    return {
      kind: difference.estimate > 0 ? 'a_better' : 'b_better',
      basis: 'win_rate',
      text: `${winner} wins more often than ${loser} (${points(difference)}; ${test} p = ${formatP(pValue)})${borderline(difference, pValue)}`,
    };
  }
  const r = input.resolve;
  if (r && r.pValue < SIGNIFICANCE && r.probabilityALower !== 0.5) {
    const aFaster = r.probabilityALower > 0.5;
    const share = aFaster ? r.probabilityALower : 1 - r.probabilityALower;
    return {
      kind: aFaster ? 'a_better' : 'b_better',
      basis: 'time_to_resolve',
      text: `${aFaster ? a : b} resolves faster than ${aFaster ? b : a} (faster in ${Math.round(share * 100)}% of trial-by-trial comparisons; rank test p = ${formatP(r.pValue)}); win rates do not differ clearly (${test} p = ${formatP(pValue)})`,
    };
  }
  const timePart = r ? `; time to resolve rank test p = ${formatP(r.pValue)}` : '';
  return {
    kind: 'no_clear_difference',
    basis: undefined,
    text: `no clear difference between ${a} and ${b} (win rate ${points(difference)}, ${test} p = ${formatP(pValue)}${timePart})${borderline(difference, pValue)}`,
  };
}

/**
 * The interval and the exact test are different methods and can disagree at
 * the edge; the verdict follows the test, and says when the two part ways.
 */
function borderline(d: Difference, pValue: number): string {
  if (d.estimate === undefined) return '';
  const excludesZero = d.low > 0 || d.high < 0;
  if (excludesZero === pValue < SIGNIFICANCE) return '';
  return excludesZero
    ? '; borderline: the interval excludes no difference but the exact test does not reach 0.05, so more trials would settle it'
    : '; borderline: the exact test is below 0.05 but the interval still includes no difference, so more trials would settle it';
}

function points(d: Difference): string {
  const pp = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(Math.round(x * 100))}`;
  if (d.estimate === undefined) return 'difference unknown';
  return `difference ${pp(d.estimate)} points, 95% CI ${pp(d.low)} to ${pp(d.high)}`;
}

export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
