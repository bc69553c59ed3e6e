import { createServer } from 'node:net';
import { COMPOSE_PROJECT_LABEL, type DockerEngine } from '../engine/docker-engine.ts';
import { detectCompose, type ComposeFlavour } from '../compose/compose-cli.ts';
import type { SlotPlan } from '../ports/port-plan.ts';
import type { ImageSpec } from '../subjects/subject.ts';
import { ExitError } from '../exit-error.ts';

export const MANAGED_LABEL = 'dev.gauntlet.managed';

export class PreflightError extends ExitError {
  constructor(readonly problems: string[]) {
    super(`preflight failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 3);
    this.name = 'PreflightError';
  }
}

export interface EngineReport {
  version: string;
  compose: ComposeFlavour;
}

export async function checkEngine(engine: DockerEngine): Promise<EngineReport> {
  const version = await engine.serverVersion();
  if (!version) {
    throw new PreflightError([
      `no Docker engine answers${engine.host ? ` at ${engine.host}` : ''}; run scripts/ensure-docker.sh (installs and starts one)`,
    ]);
  }
  const compose = await detectCompose(engine);
  if (!compose) {
    throw new PreflightError(['neither `docker compose` (v2) nor `docker-compose` (v1) is installed; run scripts/ensure-docker.sh']);
  }
  return { version, compose };
}

/** Resolves each image variable to the first candidate the engine has. */
export async function resolveImages(engine: DockerEngine, specs: readonly ImageSpec[]): Promise<Record<string, string>> {
  const chosen: Record<string, string> = {};
  const problems: string[] = [];
  for (const spec of specs) {
    const override = process.env[spec.variable];
    const candidates = override ? [override] : spec.candidates;
    let found: string | undefined;
    for (const image of candidates) {
      if (await engine.imageExists(image)) {
        found = image;
        break;
      }
    }
    if (found) chosen[spec.variable] = found;
    else problems.push(`no image for ${spec.variable} (tried ${candidates.join(', ')}); ${spec.howToGet}`);
  }
  if (problems.length > 0) throw new PreflightError(problems);
  return chosen;
}

/**
 * Refuses to touch a project of a planned name that Gauntlet did not start:
 * it is someone's own stack. Returns the names of our own leftover projects.
 */
export async function checkProjects(engine: DockerEngine, plans: readonly SlotPlan[], replace: boolean): Promise<string[]> {
  const problems: string[] = [];
  const leftovers: string[] = [];
  for (const plan of plans) {
    const containers = await engine.containers({ [COMPOSE_PROJECT_LABEL]: plan.project });
    if (containers.length === 0) continue;
    const foreign = containers.filter((c) => c.labels[MANAGED_LABEL] !== 'true');
    if (foreign.length > 0 && !replace) {
      problems.push(
        `project ${plan.project} (slot ${plan.slot}) exists and was not started by Gauntlet (${foreign.map((c) => c.name).join(', ')}); stop it, or pass --replace to take it down`,
      );
    } else {
      leftovers.push(plan.project);
    }
  }
  if (problems.length > 0) throw new PreflightError(problems);
  return leftovers;
}

/** Every planned host port must be free on 127.0.0.1 before any project starts. */
export async function checkPortsFree(plans: readonly SlotPlan[]): Promise<void> {
  const problems: string[] = [];
  for (const plan of plans) {
    for (const p of plan.ports) {
      const error = await tryListen(p.port);
      if (error) problems.push(`port ${p.port} of slot ${plan.slot} (${p.service} ${p.name}, ${p.variable}) is taken: ${error}`);
    }
  }
  if (problems.length > 0) throw new PreflightError(problems);
}

function tryListen(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
