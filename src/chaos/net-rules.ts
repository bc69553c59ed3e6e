import type { DockerEngine } from '../engine/docker-engine.ts';
import { inNetns, IPTABLES, isNotRunningError } from './net-tools.ts';

/** Every chain we create starts with this; a listing that shows it shows our rules. */
export const CHAIN_PREFIX = 'GAUNTLET-';
const JUMP_COMMENT = 'gauntlet';
const HOOKS = ['INPUT', 'OUTPUT'] as const;

/** Packets dropped inside one container's namespace: from these peers, to these peers. */
export interface DropRules {
  /** Our own chain for this injection; the mark that finds and removes it. */
  chain: string;
  /** The iptables binary that wrote the rules, so cleanup reads the same tables. */
  iptables: string;
  dropFrom: string[];
  dropTo: string[];
}

export function dropRules(injectionId: string, dropFrom: string[], dropTo: string[]): DropRules {
  return { chain: `${CHAIN_PREFIX}${injectionId}`, iptables: IPTABLES, dropFrom, dropTo };
}

interface ChainListing {
  chainExists: boolean;
  /** Lines of `iptables -S` that jump to the chain. */
  jumps: string[];
}

export function parseListing(listing: string, chain: string): ChainListing {
  const lines = listing.split('\n').map((l) => l.trim());
  return {
    chainExists: lines.includes(`-N ${chain}`),
    jumps: lines.filter((l) => /^-A (INPUT|OUTPUT) /.test(l) && l.endsWith(`-j ${chain}`)),
  };
}

/**
 * An iptables-restore script that (re)fills the chain and adds only the jumps
 * the listing lacks: declaring a chain with --noflush empties it, so a retry
 * never leaves a duplicate rule behind.
 */
export function addScript(rules: DropRules, present: ChainListing): string {
  const lines = [`:${rules.chain} - [0:0]`];
  for (const ip of rules.dropFrom) lines.push(`-A ${rules.chain} -s ${ip}/32 -j DROP`);
  for (const ip of rules.dropTo) lines.push(`-A ${rules.chain} -d ${ip}/32 -j DROP`);
  for (const hook of HOOKS) {
    if (!present.jumps.some((l) => l.startsWith(`-A ${hook} `))) {
      lines.push(`-I ${hook} -m comment --comment ${JUMP_COMMENT} -j ${rules.chain}`);
    }
  }
  return ['*filter', ...lines, 'COMMIT', ''].join('\n');
}

/** Deletes every jump found (duplicates included), then the chain; undefined when nothing is there. */
export function removeScript(chain: string, present: ChainListing): string | undefined {
  if (!present.chainExists && present.jumps.length === 0) return undefined;
  const lines = present.jumps.map((l) => l.replace(/^-A /, '-D '));
  if (present.chainExists) lines.push(`-F ${chain}`, `-X ${chain}`);
  return ['*filter', ...lines, 'COMMIT', ''].join('\n');
}

async function listFilter(engine: DockerEngine, containerId: string, iptables: string): Promise<string> {
  return (await inNetns(engine, containerId, [iptables, '-w', '-S'])).stdout;
}

/** Adds the rules in one atomic restore after checking what is already there. */
export async function addDropRules(engine: DockerEngine, containerId: string, rules: DropRules): Promise<void> {
  const present = parseListing(await listFilter(engine, containerId, rules.iptables), rules.chain);
  const script = addScript(rules, present);
  await inNetns(engine, containerId, [`${rules.iptables}-restore`, '-w', '--noflush'], { input: script });
}

/**
 * Removes the rules; a container whose namespace is gone (stopped, removed)
 * has none left. Returns whether anything was removed.
 */
export async function removeDropRules(engine: DockerEngine, containerId: string, rules: DropRules): Promise<boolean> {
  try {
    const present = parseListing(await listFilter(engine, containerId, rules.iptables), rules.chain);
    const script = removeScript(rules.chain, present);
    if (!script) return false;
    await inNetns(engine, containerId, [`${rules.iptables}-restore`, '-w', '--noflush'], { input: script });
    return true;
  } catch (error) {
    if (isNotRunningError(error)) return false;
    throw error;
  }
}

/** Lines of either iptables flavour in a container's namespace that carry our mark. */
export async function markedRuleLines(engine: DockerEngine, containerId: string): Promise<string[]> {
  const found: string[] = [];
  for (const iptables of ['iptables-nft', 'iptables']) {
    const listing = await listFilter(engine, containerId, iptables);
    found.push(...listing.split('\n').filter((l) => l.includes(CHAIN_PREFIX) || l.includes(`--comment ${JUMP_COMMENT}`)));
  }
  return found;
}
