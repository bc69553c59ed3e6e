import type { DockerEngine } from '../engine/docker-engine.ts';
import { CHAOS_TYPES } from './registry.ts';

/**
 * What the engine lacks for the campaign's chaos types (e.g. sch_netem for
 * latency), each problem naming its type; run before any slot starts.
 */
export async function chaosPreflight(engine: DockerEngine, typeNames: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const name of new Set(typeNames)) {
    const type = CHAOS_TYPES.get(name);
    if (type?.preflight) problems.push(...(await type.preflight(engine)));
  }
  return problems;
}
