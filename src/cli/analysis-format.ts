import type { Proportion } from '../analysis/stats/proportion.ts';
import type { BootstrapInterval } from '../analysis/stats/bootstrap.ts';
import type { TimeSummary } from '../analysis/times.ts';
import { formatSeconds } from './output.ts';

/** "80% (49–94%)": a rate with its 95% interval. */
export function formatRate(p: Proportion): string {
  if (p.estimate === undefined) return '-';
  const pct = (x: number) => `${Math.round(x * 100)}`;
  return `${pct(p.estimate)}% (${pct(p.low)}–${pct(p.high)}%) ${p.successes}/${p.trials}`;
}

export function formatInterval(i: BootstrapInterval | undefined): string {
  if (!i) return '-';
  const end = (ms: number | undefined) => (ms === undefined ? '∞' : formatSeconds(ms));
  return `${end(i.low)}–${end(i.high)}`;
}

/** Median with its interval and p90, saying when they were not reached and how many were censored. */
export function formatTimes(t: TimeSummary | undefined): string {
  if (!t) return '-';
  const censoredAt = t.censoredAtMs === undefined ? '' : ` at ${formatSeconds(t.censoredAtMs)}`;
  const median = t.medianMs === undefined ? 'not reached' : formatSeconds(t.medianMs);
  const p90 = t.p90Ms === undefined ? 'not reached' : formatSeconds(t.p90Ms);
  return `median ${median} [${formatInterval(t.medianInterval)}], p90 ${p90}; ${t.censored} censored${censoredAt}`;
}

export function formatOutcomes(outcomes: Record<string, number>): string {
  return Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
}

export function formatDifference(d: { estimate: number | undefined; low: number; high: number }): string {
  if (d.estimate === undefined) return '-';
  const pp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x * 100))}`;
  return `${pp(d.estimate)} pts (${pp(d.low)} to ${pp(d.high)})`;
}
