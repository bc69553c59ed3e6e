import type { ChaosType } from './chaos-type.ts';
import { asymmetricPartition } from './asymmetric-partition.ts';
import { diskPressure } from './disk-pressure.ts';
import { latency } from './latency.ts';
import { leaderKill } from './leader-kill.ts';
import { networkPartition } from './network-partition.ts';
import { packetLoss } from './packet-loss.ts';
import { processPause } from './process-pause.ts';

/** The generic chaos types beside node_kill; any subject with members and a leader can list them. */
export const GENERAL_CHAOS_TYPES: readonly ChaosType[] = [
  processPause,
  networkPartition,
  asymmetricPartition,
  leaderKill,
  diskPressure,
  latency,
  packetLoss,
] as unknown as ChaosType[];
