import type { ChaosType } from '../../chaos/chaos-type.ts';
import { leaderConcentration } from './leader-concentration.ts';
import { pdLeaderKill } from './pd-leader-kill.ts';
import { storePartition } from './store-partition.ts';

/** Chaos types that only make sense on a TiKV cluster. */
export const TIKV_CHAOS_TYPES: readonly ChaosType[] = [pdLeaderKill, leaderConcentration, storePartition] as unknown as ChaosType[];
