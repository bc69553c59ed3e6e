/*
 * TODO: the viewer needs Wilson intervals, Kaplan-Meier curves, a compare
 * verdict and command categories; src/analysis does not export them yet.
 * These minimal versions go away once it does.
 */

export interface Interval {
  low: number;
  high: number;
}

const Z95 = 1.959964;

/** Wilson score interval of a proportion, 95%. */
export function wilsonInterval(successes: number, n: number): Interval | undefined {
  if (n === 0) return undefined;
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Observation {
  ms: number;
  /** True when the event (resolution) was not seen within the observed time. */
  censored: boolean;
}

export interface SurvivalStep {
  ms: number;
  survival: number;
}

/** Kaplan-Meier estimate of the fraction still unresolved over time. */
export function kaplanMeier(observations: readonly Observation[]): SurvivalStep[] {
  const sorted = [...observations].sort((a, b) => a.ms - b.ms);
  const steps: SurvivalStep[] = [{ ms: 0, survival: 1 }];
  let atRisk = sorted.length;
  let survival = 1;
  for (let i = 0; i < sorted.length; ) {
    const ms = sorted[i]!.ms;
    let events = 0;
    let leaving = 0;
    for (; i < sorted.length && sorted[i]!.ms === ms; i++, leaving++) if (!sorted[i]!.censored) events++;
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ ms, survival });
    }
    atRisk -= leaving;
  }
  return steps;
}

export interface RateComparison {
  difference: number;
  interval: Interval;
  verdict: 'a_better' | 'b_better' | 'no_clear_difference';
}

/** Difference of two win rates with Newcombe's hybrid score interval, 95%. */
export function compareRates(a: { successes: number; n: number }, b: { successes: number; n: number }): RateComparison | undefined {
  const ia = wilsonInterval(a.successes, a.n);
  const ib = wilsonInterval(b.successes, b.n);
  if (!ia || !ib) return undefined;
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const difference = pa - pb;
  const low = difference - Math.sqrt((pa - ia.low) ** 2 + (ib.high - pb) ** 2);
  const high = difference + Math.sqrt((ia.high - pa) ** 2 + (pb - ib.low) ** 2);
  const verdict = low > 0 ? 'a_better' : high < 0 ? 'b_better' : 'no_clear_difference';
  return { difference, interval: { low, high }, verdict };
}

export interface CommandCategory {
  category: 'destructive' | 'repair' | 'read' | 'other';
  rule: string | undefined;
}

const CATEGORY_RULES: ReadonlyArray<[CommandCategory['category'], RegExp]> = [
  ['destructive', /\b(rm|kill|down|delete|del|drop|truncate|prune|wipe)\b/i],
  ['repair', /\b(start|restart|unpause|up|recover|add|promote)\b/i],
  ['read', /\b(get|status|health|ps|logs?|inspect|list|ls|describe|cat|curl)\b/i],
];

export function categorizeCommand(command: string): CommandCategory {
  for (const [category, rule] of CATEGORY_RULES) if (rule.test(command)) return { category, rule: rule.source };
  return { category: 'other', rule: undefined };
}
