import { fetchJson, fetchStatus } from '../http.ts';

/** One entry of GET /pd/api/v1/health. */
export interface PdMemberHealth {
  name: string;
  member_id?: number | string;
  client_urls?: string[];
  health: boolean;
}

/** One entry of GET /pd/api/v1/stores; only the fields Gauntlet reads. */
export interface PdStoreInfo {
  store: {
    id: number;
    address: string;
    status_address?: string;
    /** PD's own name for the state: Up, Disconnected, Down, Offline, Tombstone. */
    state_name: string;
  };
  status?: { leader_count?: number; region_count?: number };
}

export interface PdStores {
  count: number;
  stores: PdStoreInfo[] | null;
}

/** GET /pd/api/v1/leader: the PD member that leads. */
export interface PdLeader {
  name: string;
  member_id?: number | string;
}

export const GRANT_LEADER_SCHEDULER = 'grant-leader-scheduler';

const REQUEST_TIMEOUT_MS = 1_500;

/** PD's HTTP API at one endpoint (a slot's published PD port on 127.0.0.1). */
export class PdApi {
  constructor(
    readonly endpoint: string,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  health(signal?: AbortSignal): Promise<PdMemberHealth[]> {
    return this.get('/pd/api/v1/health', signal);
  }

  async stores(signal?: AbortSignal): Promise<PdStoreInfo[]> {
    return (await this.get<PdStores>('/pd/api/v1/stores', signal)).stores ?? [];
  }

  leader(signal?: AbortSignal): Promise<PdLeader> {
    return this.get('/pd/api/v1/leader', signal);
  }

  async regionCount(signal?: AbortSignal): Promise<number> {
    return (await this.get<{ count: number }>('/pd/api/v1/regions/count', signal)).count;
  }

  schedulers(signal?: AbortSignal): Promise<string[]> {
    return this.get('/pd/api/v1/schedulers', signal);
  }

  /** Makes PD move the leader of every region to one store. */
  async grantLeaders(storeId: number, signal?: AbortSignal): Promise<void> {
    await fetchJson(this.url('/pd/api/v1/schedulers'), {
      timeoutMs: this.timeoutMs,
      signal,
      body: { name: GRANT_LEADER_SCHEDULER, store_id: storeId },
    });
  }

  /** Removes the grant-leader scheduler of one store; false when it was not there. */
  async revokeLeaderGrant(storeId: number, signal?: AbortSignal): Promise<boolean> {
    const url = this.url(`/pd/api/v1/schedulers/${GRANT_LEADER_SCHEDULER}-${storeId}`);
    const status = await fetchStatus(url, { method: 'DELETE', timeoutMs: this.timeoutMs, signal, acceptedStatuses: [404] });
    return status !== 404;
  }

  private get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return fetchJson<T>(this.url(path), { timeoutMs: this.timeoutMs, signal });
  }

  private url(path: string): string {
    return `${this.endpoint}${path}`;
  }
}
