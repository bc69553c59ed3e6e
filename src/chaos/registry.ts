import type { ChaosType } from './chaos-type.ts';
import { nodeKill } from './node-kill.ts';

export const CHAOS_TYPES: ReadonlyMap<string, ChaosType> = new Map(
  [nodeKill as unknown as ChaosType].map((c) => [c.name, c]),
);
