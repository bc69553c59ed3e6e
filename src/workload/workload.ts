/** How hard and how long a trial's client workload runs. */
export interface WorkloadOptions {
  writesPerSecond: number;
  /** Reads per write, e.g. 1 for one read of a recent key after every write. */
  readsPerWrite: number;
  maxWrites: number;
  maxSeconds: number;
  /** Unique key prefix of this trial. */
  keyPrefix: string;
}

export interface WriteRecord {
  key: string;
  value: string;
  startedAt: number;
  /** Set when the subject acknowledged the write. */
  ackedAt?: number;
  error?: string;
}

export interface WorkloadReport {
  writesAttempted: number;
  writesAcknowledged: number;
  writesFailed: number;
  readsAttempted: number;
  readsFailed: number;
  /** Acknowledged writes that are missing or hold another value after the trial. */
  writesLost: number;
  lostKeys: string[];
  /** The longest time without a successful write, the client-visible outage. */
  longestOutageMs: number;
  startedAt: number;
  stoppedAt: number;
}

/** A running workload: stop() ends it, verify() checks every acknowledged write. */
export interface Workload {
  stop(): Promise<void>;
  verify(signal?: AbortSignal): Promise<WorkloadReport>;
}

/**
 * The longest gap without a successful write between start and stop,
 * counting the stretch before the first and after the last acknowledgement.
 */
export function longestOutage(ackTimes: readonly number[], startedAt: number, stoppedAt: number): number {
  const times = [startedAt, ...[...ackTimes].sort((a, b) => a - b), stoppedAt];
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

/** Compares what was acknowledged with what the subject holds now. */
export function lostWrites(writes: readonly WriteRecord[], stored: ReadonlyMap<string, string>): string[] {
  return writes.filter((w) => w.ackedAt !== undefined && stored.get(w.key) !== w.value).map((w) => w.key);
}
