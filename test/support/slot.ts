import { join } from 'node:path';
import { detectCompose } from '../../src/compose/compose-cli.ts';
import { ComposeProject } from '../../src/compose/compose-project.ts';
import { bringUp } from '../../src/pool/bring-up.ts';
import { resolveImages } from '../../src/pool/preflight.ts';
import { Slot } from '../../src/pool/slot.ts';
import { planPorts, slotPorts } from '../../src/ports/port-plan.ts';
import { etcdSubject } from '../../src/subjects/etcd/etcd-subject.ts';
import { engine, TEST_PORT_STRIDE, tempDir, testLogger } from './docker.ts';

export interface TestSlot extends AsyncDisposable {
  slot: Slot;
  campaign: string;
}

/** Brings one real etcd slot up outside any campaign; disposing takes it down. */
export async function startEtcdSlot(slotNumber: number): Promise<TestSlot> {
  const flavour = await detectCompose(engine);
  if (!flavour) throw new Error('no Compose flavour installed');
  const plan = planPorts('etcd', etcdSubject.ports, [slotNumber], TEST_PORT_STRIDE).slots[0]!;
  const dir = await tempDir(`slot-${slotNumber}`);
  const logger = testLogger(`slot-${slotNumber}`);
  const project = new ComposeProject(
    engine,
    flavour,
    { project: plan.project, file: etcdSubject.composeFile, envFile: join(dir, `${plan.project}.env`) },
    logger,
  );
  const campaign = `test-slot-${slotNumber}-${Date.now()}`;
  const ports = slotPorts(plan);
  await project.writeEnvFile({
    ...(await resolveImages(engine, etcdSubject.images)),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    GAUNTLET_CAMPAIGN: campaign,
    GAUNTLET_SLOT: String(slotNumber),
  });
  const slot = new Slot(etcdSubject, plan, project, etcdSubject.connect(ports, project));
  await project.down();
  await bringUp(slot, 90_000, logger);
  return { slot, campaign, [Symbol.asyncDispose]: () => project.down() };
}
