import { join } from 'node:path';
import type { ChaosContext } from '../../src/chaos/chaos-type.ts';
import { markedRuleLines } from '../../src/chaos/net-rules.ts';
import { Random } from '../../src/chaos/random.ts';
import { ComposeProject } from '../../src/compose/compose-project.ts';
import { bringUp } from '../../src/pool/bring-up.ts';
import { checkEngine, resolveImages } from '../../src/pool/preflight.ts';
import { Slot } from '../../src/pool/slot.ts';
import { planPorts, slotPorts } from '../../src/ports/port-plan.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';
import type { HealthReport } from '../../src/subjects/subject.ts';
import { engine, TEST_PORT_STRIDE, tempDir, testLogger } from './docker.ts';
import { eventually } from './eventually.ts';

const HEALTHY_TIMEOUT_MS = 60_000;

/** One real etcd slot for chaos tests, labelled with a campaign id so cleanup can find it. */
export interface ChaosSlot extends AsyncDisposable {
  slot: Slot;
  campaignId: string;
  context(seed?: number): ChaosContext;
  waitHealthy(): Promise<HealthReport>;
}

export async function startChaosSlot(number: number, campaignId = `chaos-test-${number}`): Promise<ChaosSlot> {
  const slot = await prepareChaosSlot(number, campaignId);
  await bringUp(slot, HEALTHY_TIMEOUT_MS, testLogger(`slot ${number}`));
  return {
    slot,
    campaignId,
    context: (seed = 1) => ({
      project: slot.project,
      subject: slot.subject,
      client: slot.client,
      random: new Random(seed),
      logger: testLogger(`chaos ${number}`),
    }),
    // polls the subject itself: Docker's health status of a member that was
    // partitioned stays `unhealthy` for a while after it is reachable again
    waitHealthy: () =>
      eventually('the slot is healthy', async () => {
        const health = await slot.client.health();
        return health.healthy ? health : undefined;
      }, {
        timeoutMs: HEALTHY_TIMEOUT_MS,
        describe: async () => (await slot.client.health()).problems.join('; '),
      }),
    [Symbol.asyncDispose]: () => slot.project.down(),
  };
}

/** The slot with its env file written; not started. Takes down a leftover of an earlier test run. */
export async function prepareChaosSlot(number: number, campaignId: string): Promise<Slot> {
  const slot = await chaosSlotHandle(number, campaignId);
  await slot.project.down();
  return slot;
}

/** A handle on slot `number` (project name, ports, env file) without touching what runs there. */
export async function chaosSlotHandle(number: number, campaignId: string): Promise<Slot> {
  const report = await checkEngine(engine);
  const plan = planPorts(etcdSubject.name, etcdSubject.ports, [number], TEST_PORT_STRIDE).slots[0]!;
  const dir = await tempDir(`slot-${number}`);
  const project = new ComposeProject(
    engine,
    report.compose,
    { project: plan.project, file: etcdSubject.composeFile, envFile: join(dir, `${plan.project}.env`) },
    testLogger(plan.project),
  );
  const images = await resolveImages(engine, etcdSubject.images);
  await project.writeEnvFile({
    ...images,
    ...(slotPorts(plan) as Record<string, unknown> as Record<string, string>),
    GAUNTLET_CAMPAIGN: campaignId,
    GAUNTLET_SLOT: String(number),
  });
  return new Slot(etcdSubject, plan, project, etcdSubject.connect(slotPorts(plan), project));
}

/** Every rule with our mark in the namespaces of the project's running containers. */
export async function markedRulesIn(slot: Slot): Promise<string[]> {
  const running = (await slot.project.containers()).filter((c) => c.state === 'running' || c.state === 'paused');
  const lines = await Promise.all(running.map(async (c) => (await markedRuleLines(engine, c.id)).map((l) => `${c.service}: ${l}`)));
  return lines.flat();
}

/** Files our disk chaos left in any member's data volume. */
export async function fillFilesIn(slot: Slot): Promise<string[]> {
  const members = (await slot.project.containers()).filter((c) => slot.subject.memberServices.includes(c.service) && c.state === 'running');
  const found = await Promise.all(
    members.map(async (c) => {
      const { stdout } = await engine.docker(['exec', c.id, 'ls', '-A', '/data']);
      return stdout.split('\n').filter((f) => f.startsWith('gauntlet-fill')).map((f) => `${c.service}: ${f}`);
    }),
  );
  return found.flat();
}
