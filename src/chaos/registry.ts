import type { ChaosType } from './chaos-type.ts';
import { nodeKill } from './node-kill.ts';
import { GENERAL_CHAOS_TYPES } from './catalogue.ts';
import { TIKV_CHAOS_TYPES } from '../subjects/tikv/tikv-chaos.ts';

export const CHAOS_TYPES: ReadonlyMap<string, ChaosType> = new Map(
  [nodeKill as unknown as ChaosType, ...GENERAL_CHAOS_TYPES, ...TIKV_CHAOS_TYPES].map((c) => [c.name, c]),
);
