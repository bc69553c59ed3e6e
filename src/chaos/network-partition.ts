import { z } from 'zod';
import type { ChaosContext, ChaosMetadata, ChaosType } from './chaos-type.ts';
import { addDropRules, dropRules, removeDropRules, type DropRules } from './net-rules.ts';
import { containerAddresses, currentTarget, injectionId, peerMembers, randomMember, targetOf } from './targets.ts';

const params = z.strictObject({});

/** Cuts one member off from all its peers, both ways; clients on the host still reach it. */
export const networkPartition: ChaosType<z.output<typeof params>> = {
  name: 'network_partition',
  description: 'Drop all traffic between one member and its peers, both ways (iptables in its network namespace).',
  params,
  async plan(ctx) {
    const container = await randomMember(ctx);
    const peers = await peerMembers(ctx, container.service);
    const addresses = (await Promise.all(peers.map((p) => containerAddresses(ctx, p.id)))).flat();
    const rules = dropRules(injectionId(), addresses, addresses);
    return {
      metadata: { type: 'network_partition', target: targetOf(container), peers: peers.map((p) => p.service), rules },
      apply: () => addDropRules(ctx.project.engine, container.id, rules),
    };
  },
  cleanup: removeRulesOfTarget,
};

/**
 * Shared cleanup of rule-based chaos. A target that is gone or was recreated
 * has a new namespace without our rules; a restarted one too, harmlessly checked.
 */
export async function removeRulesOfTarget(ctx: ChaosContext, metadata: ChaosMetadata): Promise<void> {
  const container = await currentTarget(ctx, metadata);
  if (!container || !['running', 'paused'].includes(container.state)) return;
  const removed = await removeDropRules(ctx.project.engine, container.id, metadata.rules as DropRules);
  if (removed) ctx.logger.debug(`Removed ${(metadata.rules as DropRules).chain} from ${container.name}`);
}
