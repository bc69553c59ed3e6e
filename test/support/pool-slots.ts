import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { detectCompose } from '../../src/compose/compose-cli.ts';
import { ComposeProject } from '../../src/compose/compose-project.ts';
import { resolveImages } from '../../src/pool/preflight.ts';
import { Slot } from '../../src/pool/slot.ts';
import { SubjectPool, type PoolOptions } from '../../src/pool/subject-pool.ts';
import { planPorts, slotPorts } from '../../src/ports/port-plan.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';
import { engine, TEST_PORT_STRIDE, tempDir, testLogger } from './docker.ts';

export interface TestPool {
  pool: SubjectPool;
  slots: Slot[];
  /** The campaign label every resource of these slots carries. */
  campaign: string;
  /** Rewrites one variable of a slot's env file (takes effect at its next bring-up). */
  setVariable(slot: Slot, name: string, value: string): Promise<void>;
}

/** A pool of real etcd slots numbered from `first`, outside any campaign; not started. */
export async function etcdTestPool(first: number, count: number, options: Partial<PoolOptions> = {}): Promise<TestPool> {
  const flavour = await detectCompose(engine);
  if (!flavour) throw new Error('no Compose flavour installed');
  const numbers = Array.from({ length: count }, (_, i) => first + i);
  const plan = planPorts('etcd', etcdSubject.ports, numbers, TEST_PORT_STRIDE);
  const dir = await tempDir(`pool-${first}`);
  const logger = options.logger ?? testLogger(`pool-${first}`);
  const campaign = `test-pool-${first}-${randomBytes(3).toString('hex')}`;
  const images = await resolveImages(engine, etcdSubject.images);
  const variables = new Map<Slot, Record<string, string>>();
  const slots = plan.slots.map((slotPlan) => {
    const project = new ComposeProject(
      engine,
      flavour,
      { project: slotPlan.project, file: etcdSubject.composeFile, envFile: join(dir, `${slotPlan.project}.env`) },
      logger,
    );
    const slot = new Slot(etcdSubject, slotPlan, project, etcdSubject.connect(slotPorts(slotPlan), project));
    const ports = Object.fromEntries(Object.entries(slotPorts(slotPlan)).map(([k, v]) => [k, String(v)]));
    variables.set(slot, { ...images, ...ports, GAUNTLET_CAMPAIGN: campaign, GAUNTLET_SLOT: String(slotPlan.slot) });
    return slot;
  });
  await Promise.all(slots.map((slot) => slot.project.writeEnvFile(variables.get(slot)!)));
  const pool = new SubjectPool(slots, { healthyTimeoutMs: 60_000, logger, ...options });
  return {
    pool,
    slots,
    campaign,
    setVariable: async (slot, name, value) => {
      variables.get(slot)![name] = value;
      await slot.project.writeEnvFile(variables.get(slot)!);
    },
  };
}

/** The client URL of a slot's first member on 127.0.0.1. */
export function clientUrl(slot: Slot): string {
  return `http://127.0.0.1:${slotPorts(slot.plan).ETCD_HOST_PORT}`;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Writes a key through etcd's HTTP JSON gateway. */
export async function etcdPut(slot: Slot, key: string, value: string): Promise<void> {
  const response = await fetch(`${clientUrl(slot)}/v3/kv/put`, {
    method: 'POST',
    body: JSON.stringify({ key: b64(key), value: b64(value) }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`put ${key} on ${slot.label}: HTTP ${response.status} ${await response.text()}`);
}

/** Reads a key through the gateway; undefined when the slot does not have it. */
export async function etcdGet(slot: Slot, key: string): Promise<string | undefined> {
  const response = await fetch(`${clientUrl(slot)}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: b64(key) }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`range ${key} on ${slot.label}: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { kvs?: Array<{ value?: string }> };
  const value = body.kvs?.[0]?.value;
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString();
}
