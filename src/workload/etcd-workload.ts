import { setTimeout as sleep } from 'node:timers/promises';
import { fetchJson } from '../subjects/http.ts';
import { longestOutage, lostWrites, type Workload, type WorkloadOptions, type WorkloadReport, type WriteRecord } from './workload.ts';

const REQUEST_TIMEOUT_MS = 1_000;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** The key just after every key with this prefix, for etcd range requests. */
export function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  bytes[bytes.length - 1]! += 1;
  return bytes.toString('base64');
}

/**
 * Writes unique keys through etcd's JSON gateway on the slot's published
 * ports, failing over to the next member on error, recording every
 * acknowledgement; reads a recent key between writes. Bounded by count and
 * time, so it stops by itself.
 */
export class EtcdWorkload implements Workload {
  private readonly writes: WriteRecord[] = [];
  private reads = 0;
  private readFailures = 0;
  private readonly stopper = new AbortController();
  private readonly loop: Promise<void>;
  private readonly startedAt = Date.now();
  private stoppedAt: number | undefined;
  private next = 0;

  constructor(
    private readonly endpoints: readonly string[],
    private readonly options: WorkloadOptions,
  ) {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  async verify(signal?: AbortSignal): Promise<WorkloadReport> {
    await this.stop();
    const stored = await this.readAll(signal);
    const lost = lostWrites(this.writes, stored);
    const acked = this.writes.filter((w) => w.ackedAt !== undefined);
    const stoppedAt = this.stoppedAt ?? Date.now();
    return {
      writesAttempted: this.writes.length,
      writesAcknowledged: acked.length,
      writesFailed: this.writes.length - acked.length,
      readsAttempted: this.reads,
      readsFailed: this.readFailures,
      writesLost: lost.length,
      lostKeys: lost.slice(0, 20),
      longestOutageMs: longestOutage(acked.map((w) => w.ackedAt!), this.startedAt, stoppedAt),
      startedAt: this.startedAt,
      stoppedAt,
    };
  }

  private async run(): Promise<void> {
    const interval = 1000 / this.options.writesPerSecond;
    const deadline = this.startedAt + this.options.maxSeconds * 1000;
    const signal = this.stopper.signal;
    while (!signal.aborted && this.writes.length < this.options.maxWrites && Date.now() < deadline) {
      const tickStarted = Date.now();
      await this.write(this.writes.length);
      for (let r = 0; r < this.options.readsPerWrite && !signal.aborted; r++) await this.readRecent();
      const wait = interval - (Date.now() - tickStarted);
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => {});
    }
    this.stoppedAt = Date.now();
  }

  private async write(seq: number): Promise<void> {
    const record: WriteRecord = {
      key: `${this.options.keyPrefix}${String(seq).padStart(6, '0')}`,
      value: `v${seq}-${this.startedAt}`,
      startedAt: Date.now(),
    };
    this.writes.push(record);
    try {
      await this.request('/v3/kv/put', { key: b64(record.key), value: b64(record.value) });
      record.ackedAt = Date.now();
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
  }

  private async readRecent(): Promise<void> {
    const recent = [...this.writes].reverse().find((w) => w.ackedAt !== undefined);
    if (!recent) return;
    this.reads++;
    try {
      await this.request('/v3/kv/range', { key: b64(recent.key) });
    } catch {
      this.readFailures++;
    }
  }

  /** Tries each member once, starting with the one that answered last. */
  private async request<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    let lastError: unknown;
    for (let i = 0; i < this.endpoints.length; i++) {
      const index = (this.next + i) % this.endpoints.length;
      try {
        const result = await fetchJson<T>(`${this.endpoints[index]}${path}`, { timeoutMs: REQUEST_TIMEOUT_MS, body, signal });
        this.next = index;
        return result;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  private async readAll(signal?: AbortSignal): Promise<Map<string, string>> {
    const body = { key: b64(this.options.keyPrefix), range_end: prefixEnd(this.options.keyPrefix) };
    const answer = await this.request<{ kvs?: Array<{ key: string; value?: string }> }>('/v3/kv/range', body, signal);
    return new Map((answer.kvs ?? []).map((kv) => [unb64(kv.key), unb64(kv.value ?? '')]));
  }
}
