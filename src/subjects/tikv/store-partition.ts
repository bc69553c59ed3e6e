import { z } from 'zod';
import type { ChaosType } from '../../chaos/chaos-type.ts';
import { addDropRules, dropRules } from '../../chaos/net-rules.ts';
import { removeRulesOfTarget } from '../../chaos/network-partition.ts';
import { containerAddresses, injectionId, memberContainer, peerMembers, randomMember, targetOf } from '../../chaos/targets.ts';
import { PD_SERVICES } from './tikv-client.ts';

const params = z.strictObject({});

/**
 * Cuts one TiKV store off from the other stores and from every PD member,
 * both ways: its regions lose their peers and PD stops hearing its heartbeats,
 * so PD marks it Disconnected, then Down.
 */
export const storePartition: ChaosType<z.output<typeof params>> = {
  name: 'store_partition',
  description: 'Drop all traffic between one TiKV store and both its peer stores and every PD member (iptables in its namespace).',
  params,
  async plan(ctx) {
    const container = await randomMember(ctx);
    const peers = [
      ...(await peerMembers(ctx, container.service)),
      ...(await Promise.all(PD_SERVICES.map((service) => memberContainer(ctx, service)))),
    ];
    const addresses = (await Promise.all(peers.map((p) => containerAddresses(ctx, p.id)))).flat();
    const rules = dropRules(injectionId(), addresses, addresses);
    return {
      metadata: { type: 'store_partition', target: targetOf(container), peers: peers.map((p) => p.service), rules },
      apply: () => addDropRules(ctx.project.engine, container.id, rules),
    };
  },
  cleanup: removeRulesOfTarget,
};
