import type { z } from 'zod';
import type { ComposeProject } from '../compose/compose-project.ts';
import type { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import type { Random } from './random.ts';
import type { SubjectClient, SubjectDefinition } from '../subjects/subject.ts';

export interface ChaosContext {
  project: ComposeProject;
  subject: SubjectDefinition;
  client: SubjectClient;
  random: Random;
  logger: Logger;
  signal?: AbortSignal;
}

/** Everything needed to undo an injection, recorded with the trial. */
export interface ChaosMetadata {
  type: string;
  target: { service: string; containerId: string; containerName: string };
  [key: string]: unknown;
}

/** Chooses a target and describes the injection before it happens. */
export interface ChaosPlan {
  metadata: ChaosMetadata;
  /** May add what it observed (e.g. bytes written) to `metadata`; record it again afterwards. */
  apply(): Promise<void>;
}

export interface ChaosType<P extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  description: string;
  params: z.ZodType<P>;
  /**
   * Picks the target and returns the plan; nothing has changed yet, so the
   * caller can journal the metadata before calling apply().
   */
  plan(ctx: ChaosContext, params: P): Promise<ChaosPlan>;
  /**
   * What the engine lacks for this type (e.g. a kernel module), checked before
   * a campaign starts; empty when it can run. Types without needs omit it.
   */
  preflight?(engine: DockerEngine): Promise<string[]>;
  /** Idempotent: a target that is gone or was recreated counts as cleaned. */
  cleanup(ctx: ChaosContext, metadata: ChaosMetadata): Promise<void>;
}
