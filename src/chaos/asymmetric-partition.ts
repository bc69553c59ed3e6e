import { z } from 'zod';
import type { ChaosContext, ChaosType } from './chaos-type.ts';
import { removeRulesOfTarget } from './network-partition.ts';
import { addDropRules, dropRules } from './net-rules.ts';
import { ChaosTargetError, containerAddresses, injectionId, memberContainer, peerMembers, targetOf } from './targets.ts';

const params = z.strictObject({
  peer: z
    .enum(['leader', 'random'])
    .default('leader')
    .describe(
      'leader: a random follower stops reaching the leader; random: any two members (two followers: raft may not notice).',
    ),
});

type Params = z.output<typeof params>;

/** Drops packets from one member to one chosen peer; every other path keeps working. */
export const asymmetricPartition: ChaosType<Params> = {
  name: 'asymmetric_partition',
  description: 'Drop traffic from one member to one chosen peer only (iptables OUTPUT in the member\'s namespace).',
  params,
  async plan(ctx, p) {
    const { source, peer } = await chooseDirection(ctx, p);
    const container = await memberContainer(ctx, source);
    const peerContainer = await memberContainer(ctx, peer);
    const rules = dropRules(injectionId(), [], await containerAddresses(ctx, peerContainer.id));
    return {
      metadata: { type: 'asymmetric_partition', target: targetOf(container), peer, mode: p.peer, rules },
      apply: () => addDropRules(ctx.project.engine, container.id, rules),
    };
  },
  cleanup: removeRulesOfTarget,
};

async function chooseDirection(ctx: ChaosContext, p: Params): Promise<{ source: string; peer: string }> {
  if (p.peer === 'random') {
    const source = ctx.random.pick(ctx.subject.memberServices);
    const peers = await peerMembers(ctx, source);
    return { source, peer: ctx.random.pick(peers.map((c) => c.service)) };
  }
  const leader = await ctx.client.leaderService(ctx.signal);
  if (!leader) throw new ChaosTargetError('the subject reports no leader, so no follower can be cut off from it');
  const followers = ctx.subject.memberServices.filter((s) => s !== leader);
  return { source: ctx.random.pick(followers), peer: leader };
}
