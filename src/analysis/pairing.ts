import type { TrialRow } from '../store/results-db.ts';

type PairableTrial = Pick<TrialRow, 'subject' | 'chaos_type' | 'baseline' | 'seed' | 'ordinal'>;

export interface Pairing<T> {
  pairs: Array<[T, T]>;
  unpairedA: T[];
  unpairedB: T[];
}

/**
 * Trials of two campaigns that ran the same seeds face the same fault (same
 * target, same moment in the matrix), so their outcomes can be compared pair by
 * pair. A trial pairs with the other campaign's trial of the same subject,
 * chaos type, arm and trial seed, the earlier ordinals first when seeds repeat.
 */
export function pairTrials<T extends PairableTrial>(a: readonly T[], b: readonly T[]): Pairing<T> {
  const key = (t: T) => `${t.subject}\u0000${t.chaos_type}\u0000${t.baseline}\u0000${t.seed}`;
  const waiting = new Map<string, T[]>();
  for (const t of [...b].sort((x, y) => x.ordinal - y.ordinal)) waiting.set(key(t), [...(waiting.get(key(t)) ?? []), t]);
  const pairs: Array<[T, T]> = [];
  const unpairedA: T[] = [];
  for (const t of [...a].sort((x, y) => x.ordinal - y.ordinal)) {
    const partner = waiting.get(key(t))?.shift();
    if (partner) pairs.push([t, partner]);
    else unpairedA.push(t);
  }
  return { pairs, unpairedA, unpairedB: [...waiting.values()].flat() };
}
