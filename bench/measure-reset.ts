import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { detectCompose } from '../src/compose/compose-cli.ts';
import { ComposeProject } from '../src/compose/compose-project.ts';
import { composeCommand } from '../src/compose/compose-cli.ts';
import type { DockerEngine } from '../src/engine/docker-engine.ts';
import { silentLogger } from '../src/log/logger.ts';
import { bringUp, freshStart, resetSlot } from '../src/pool/bring-up.ts';
import { resolveImages } from '../src/pool/preflight.ts';
import { Slot } from '../src/pool/slot.ts';
import { planPorts, slotPorts } from '../src/ports/port-plan.ts';
import { etcdSubject } from '../src/subjects/etcd/etcd-subject.ts';
import { run } from '../src/process/run.ts';

export interface ResetMeasurement {
  harnessMs: number[];
  rawMs: number[];
  /** The harness's recycle (`reset: recycle`), measured in the same rounds. */
  recycleMs: number[];
}

/**
 * The harness's slot reset against the raw equivalent on the same project,
 * alternated so both see the same machine: `down -v -t 0`, `up -d`, then the
 * first moment every member answers healthy. The recycle takes its turn in
 * each round too.
 */
export async function measureReset(engine: DockerEngine, dir: string, slotNumber: number, rounds: number): Promise<ResetMeasurement> {
  const flavour = await detectCompose(engine);
  if (!flavour) throw new Error('no Compose');
  const plan = planPorts('etcd', etcdSubject.ports, [slotNumber], 1000).slots[0]!;
  const target = { project: plan.project, file: etcdSubject.composeFile, envFile: join(dir, `${plan.project}.env`) };
  const project = new ComposeProject(engine, flavour, target, silentLogger);
  const images = await resolveImages(engine, etcdSubject.images);
  await project.writeEnvFile({ ...images, ...Object.fromEntries(Object.entries(slotPorts(plan)).map(([k, v]) => [k, String(v)])), GAUNTLET_CAMPAIGN: 'bench', GAUNTLET_SLOT: String(slotNumber) });
  const slot = new Slot(etcdSubject, plan, project, etcdSubject.connect(slotPorts(plan), project));
  const result: ResetMeasurement = { harnessMs: [], rawMs: [], recycleMs: [] };
  const compose = (args: string[]) => {
    const { file, args: argv } = composeCommand(flavour, target, args);
    return run(file, argv, { timeoutMs: 120_000 });
  };
  await bringUp(slot, 90_000, silentLogger);
  try {
    for (let round = 0; round < rounds; round++) {
      let started = Date.now();
      await freshStart(slot, 90_000, silentLogger);
      result.harnessMs.push(Date.now() - started);
      started = Date.now();
      await compose(['down', '-v', '-t', '0']);
      await compose(['up', '-d']);
      await firstHealthyAnswer(slotPorts(plan));
      result.rawMs.push(Date.now() - started);
      started = Date.now();
      const done = await resetSlot(slot, 'recycle', 90_000, silentLogger);
      if (done !== 'recycle') throw new Error('the recycle fell back to a full reset');
      result.recycleMs.push(Date.now() - started);
    }
  } finally {
    await project.down();
  }
  return result;
}

async function firstHealthyAnswer(ports: Readonly<Record<string, number>>): Promise<void> {
  const urls = Object.values(ports).map((p) => `http://127.0.0.1:${p}/health`);
  for (;;) {
    const answers = await Promise.all(
      urls.map((u) =>
        fetch(u, { signal: AbortSignal.timeout(1000) })
          .then((r) => r.json() as Promise<{ health?: string }>)
          .then((b) => b.health === 'true')
          .catch(() => false),
      ),
    );
    if (answers.every(Boolean)) return;
    await sleep(100);
  }
}
