import { z } from 'zod';
import type { ChaosContext, ChaosMetadata, ChaosType } from '../../chaos/chaos-type.ts';
import { ChaosTargetError, memberContainer, targetOf } from '../../chaos/targets.ts';
import { GRANT_LEADER_SCHEDULER, PdApi } from './pd-api.ts';
import { summarizeStores } from './store-state.ts';
import { TIKV_SERVICES, TikvClient } from './tikv-client.ts';

const params = z.strictObject({});

/**
 * Moves the leader of every region to one store through PD's grant-leader
 * scheduler: the cluster stays available but one store carries all reads and
 * writes. Cleanup removes the scheduler, so PD balances the leaders again.
 */
export const leaderConcentration: ChaosType<z.output<typeof params>> = {
  name: 'leader_concentration',
  description: "Move every region leader to one TiKV store through PD's grant-leader scheduler; cleanup removes it.",
  params,
  async plan(ctx) {
    const pd = pdOf(ctx);
    const up = summarizeStores(await pd.stores(ctx.signal), TIKV_SERVICES).filter(
      (s) => s.state_name === 'Up' && s.service !== undefined,
    );
    if (up.length === 0) throw new ChaosTargetError(`project ${ctx.project.name} has no Up store to give the leaders to`);
    const store = ctx.random.pick(up);
    const container = await memberContainer(ctx, store.service!);
    return {
      metadata: {
        type: 'leader_concentration',
        target: targetOf(container),
        storeId: store.id,
        storeAddress: store.address,
        scheduler: `${GRANT_LEADER_SCHEDULER}-${store.id}`,
        pdEndpoint: pd.endpoint,
      },
      apply: () => pd.grantLeaders(store.id, ctx.signal),
    };
  },
  async cleanup(ctx, metadata) {
    const pd = ctx.client instanceof TikvClient ? ctx.client.pd : recordedPd(metadata);
    const storeId = Number(metadata.storeId);
    if (!Number.isInteger(storeId)) throw new Error(`leader_concentration metadata has no store id: ${JSON.stringify(metadata)}`);
    const active = await pd.schedulers();
    if (!active.some((name) => name.startsWith(GRANT_LEADER_SCHEDULER))) return;
    await pd.revokeLeaderGrant(storeId);
  },
};

/** After a crash the cleanup has no client: it uses the PD endpoint recorded at injection. */
function recordedPd(metadata: ChaosMetadata): PdApi {
  if (typeof metadata.pdEndpoint !== 'string') {
    throw new Error(`leader_concentration metadata has no PD endpoint to remove the scheduler through: ${JSON.stringify(metadata)}`);
  }
  return new PdApi(metadata.pdEndpoint);
}

function pdOf(ctx: ChaosContext): PdApi {
  if (!(ctx.client instanceof TikvClient)) {
    throw new ChaosTargetError(`leader_concentration needs a TiKV slot, not ${ctx.subject.name}`);
  }
  return ctx.client.pd;
}
