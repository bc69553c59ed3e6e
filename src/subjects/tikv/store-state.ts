import type { PdMemberHealth, PdStoreInfo } from './pd-api.ts';

/** Every state_name PD reports for a store; anything else is a name Gauntlet does not know. */
export const KNOWN_STORE_STATES = ['Up', 'Disconnected', 'Down', 'Offline', 'Tombstone'] as const;

export const MIN_UP_STORES = 3;

export interface StoreSummary {
  id: number;
  address: string;
  state_name: string;
  /** The Compose service behind the store's address, when the address names one. */
  service: string | undefined;
}

export interface ClusterVerdict {
  healthy: boolean;
  problems: string[];
  /** state_name values outside KNOWN_STORE_STATES; they count as not Up. */
  unknownStates: string[];
}

/**
 * Maps a store's advertised address (`tikv1:20160`) to its Compose service.
 * Addresses are advertised as service names, so the host part is the service.
 */
export function serviceOfAddress(address: string, services: readonly string[]): string | undefined {
  const host = address.replace(/:\d+$/, '');
  return services.includes(host) ? host : undefined;
}

export function summarizeStores(stores: readonly PdStoreInfo[], services: readonly string[]): StoreSummary[] {
  return stores
    .map(({ store }) => ({
      id: store.id,
      address: store.address,
      state_name: typeof store.state_name === 'string' ? store.state_name : '(none)',
      service: serviceOfAddress(store.address, services),
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Healthy: every PD member healthy and at least three stores whose state_name
 * is Up. Stores that are not Up are named only when they leave fewer than
 * three Up (a Tombstone beside three Up stores is a removed store, not a fault).
 */
export function judgeCluster(members: readonly PdMemberHealth[], stores: readonly StoreSummary[]): ClusterVerdict {
  const problems: string[] = [];
  if (members.length === 0) problems.push('PD reports no members');
  for (const m of members) if (m.health !== true) problems.push(`PD member ${m.name} is not healthy`);
  const up = stores.filter((s) => s.state_name === 'Up').length;
  if (up < MIN_UP_STORES) {
    for (const s of stores) if (s.state_name !== 'Up') problems.push(`store ${s.id} (${s.address}) is ${s.state_name}`);
    problems.push(`${up} store(s) Up, need at least ${MIN_UP_STORES}`);
  }
  const known: readonly string[] = KNOWN_STORE_STATES;
  const unknownStates = [...new Set(stores.map((s) => s.state_name).filter((n) => !known.includes(n)))];
  return { healthy: problems.length === 0, problems, unknownStates };
}
