import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ChaosType } from '../../src/chaos/chaos-type.ts';
import { CHAOS_TYPES } from '../../src/chaos/registry.ts';
import { randomMember, targetOf } from '../../src/chaos/targets.ts';

/** Variants of the tiny test operators in test/fixtures/operators, plus the runbook. */
export const TEST_VARIANTS_DIR = fileURLToPath(new URL('../fixtures/variants/', import.meta.url));

/** Handed to the test operators as their API key: it must never reach the results. */
export const TEST_SECRET = `sk-test-${process.pid}-4f9c2e7a1b`;

/**
 * node_kill with a signal Docker refuses: a real injection that really fails,
 * so the trial must end as infra_error after its retries.
 */
export const brokenKill: ChaosType = {
  name: 'broken_kill',
  description: 'Sends a signal that does not exist; docker kill refuses it.',
  params: z.strictObject({}),
  async plan(ctx) {
    const container = await randomMember(ctx);
    return {
      metadata: { type: 'broken_kill', target: targetOf(container) },
      apply: async () => {
        await ctx.project.engine.docker(['kill', '--signal', 'NOSUCHSIGNAL', container.id], { timeoutMs: 30_000 });
      },
    };
  },
  cleanup: CHAOS_TYPES.get('node_kill')!.cleanup,
};

export const TEST_CHAOS_TYPES: ReadonlyMap<string, ChaosType> = new Map([...CHAOS_TYPES, ['broken_kill', brokenKill]]);

/** Every file under dir that contains the text (logs, stores, the results database, variant copies). */
export async function filesContaining(dir: string, text: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const hits: string[] = [];
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = join(entry.parentPath ?? entry.path, entry.name);
    if ((await readFile(file)).includes(text)) hits.push(file);
  }
  return hits;
}

/** Processes of this user that still carry the campaign in their environment (leaked operators). */
export async function processesOfCampaign(campaignId: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  const found: number[] = [];
  for (const pid of pids) {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`GAUNTLET_CAMPAIGN=${campaignId}`)) found.push(Number(pid));
  }
  return found;
}
