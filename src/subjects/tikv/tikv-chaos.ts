import type { ChaosType } from '../../chaos/chaos-type.ts';
import { leaderConcentration } from './leader-concentration.ts';
import { pdLeaderKill } from './pd-leader-kill.ts';

/** Chaos types that only make sense on a TiKV cluster. */
export const TIKV_CHAOS_TYPES: readonly ChaosType[] = [pdLeaderKill, leaderConcentration] as unknown as ChaosType[];
