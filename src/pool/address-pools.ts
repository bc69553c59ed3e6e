import type { AddressPool } from '../engine/docker-engine.ts';

/**
 * The local address pools of a Docker engine started without
 * `default-address-pools`: 172.17-31.0.0/16 as /16 networks and
 * 192.168.0.0/16 as /20 networks, 31 bridge networks in all.
 */
export const DOCKER_DEFAULT_POOLS: readonly AddressPool[] = [
  { Base: '172.17.0.0/16', Size: 16 },
  { Base: '172.18.0.0/16', Size: 16 },
  { Base: '172.19.0.0/16', Size: 16 },
  { Base: '172.20.0.0/14', Size: 16 },
  { Base: '172.24.0.0/14', Size: 16 },
  { Base: '172.28.0.0/14', Size: 16 },
  { Base: '192.168.0.0/16', Size: 20 },
];

export interface PoolCapacity {
  /** Networks the pools can hold in all. */
  total: number;
  /** Of those, how many overlap a subnet already in use. */
  taken: number;
  free: number;
}

interface Range {
  first: number;
  last: number;
}

/** How many more networks the engine can allocate from its pools, given the subnets in use. */
export function poolCapacity(pools: readonly AddressPool[], subnetsInUse: readonly string[]): PoolCapacity {
  const used = subnetsInUse.flatMap((s) => {
    const range = parseCidr(s);
    return range ? [range] : [];
  });
  let total = 0;
  let taken = 0;
  for (const pool of pools) {
    const range = parseCidr(pool.Base);
    if (!range || pool.Size < range.prefix || pool.Size > 32) continue;
    const blockSize = 2 ** (32 - pool.Size);
    total += 2 ** (pool.Size - range.prefix);
    const blocks = used.flatMap((u) => overlappingBlocks(range, u, blockSize));
    taken += countCovered(blocks);
  }
  return { total, taken, free: total - taken };
}

function overlappingBlocks(pool: Range, used: Range, blockSize: number): Range[] {
  const first = Math.max(pool.first, used.first);
  const last = Math.min(pool.last, used.last);
  if (first > last) return [];
  return [{ first: Math.floor((first - pool.first) / blockSize), last: Math.floor((last - pool.first) / blockSize) }];
}

function countCovered(ranges: Range[]): number {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  let count = 0;
  let end = -1;
  for (const r of sorted) {
    if (r.last <= end) continue;
    count += r.last - Math.max(r.first, end + 1) + 1;
    end = r.last;
  }
  return count;
}

/** An IPv4 CIDR as the first and last address it covers; undefined for IPv6 or junk. */
export function parseCidr(cidr: string): (Range & { prefix: number }) | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1, prefix };
}
