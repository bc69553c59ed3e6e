import type { Workload, WorkloadOptions } from '../workload/workload.ts';
import type { ComposeProject } from '../compose/compose-project.ts';

/** One published port of a subject: a Compose variable with its standard port. */
export interface PortSpec {
  service: string;
  name: string;
  variable: string;
  base: number;
}

/** The image a Compose variable names, with where each candidate comes from. */
export interface ImageSpec {
  variable: string;
  /** Tried in order; the first one the engine has is used. */
  candidates: string[];
  howToGet: string;
}

export type SlotPorts = Readonly<Record<string, number>>;

export interface MemberHealth {
  service: string;
  healthy: boolean;
  detail: string;
}

export interface HealthReport {
  healthy: boolean;
  members: MemberHealth[];
  leader?: string;
  problems: string[];
}

export interface ContainerSnapshot {
  service: string;
  name: string;
  state: string;
  health: string;
}

export interface SubjectState {
  health: HealthReport;
  containers: ContainerSnapshot[];
  details: Record<string, unknown>;
}

/** A running slot of a subject, seen through its published ports on 127.0.0.1. */
export interface SubjectClient {
  health(signal?: AbortSignal): Promise<HealthReport>;
  capture(signal?: AbortSignal): Promise<SubjectState>;
  /** The service of the current leader, when the subject has one. */
  leaderService(signal?: AbortSignal): Promise<string | undefined>;
  /** Endpoints the operator of this slot is told about. */
  operatorEnv(): Record<string, string>;
  /**
   * What identifies a clean cluster (members, health, an empty keyspace): a
   * slot whose fingerprint differs from a freshly created one's is dirty.
   */
  fingerprint?(signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** Starts a client workload against the slot's endpoints, when the subject has one. */
  startWorkload?(options: WorkloadOptions): Workload;
}

export interface SubjectDefinition {
  name: string;
  composeFile: string;
  ports: PortSpec[];
  images: ImageSpec[];
  /** Services that are cluster members: chaos targets and health subjects. */
  memberServices: string[];
  /** Services that exit 0 by design once they have done their work. */
  oneShotServices: string[];
  chaosTypes: string[];
  connect(ports: SlotPorts, project: ComposeProject): SubjectClient;
  /**
   * A reset that keeps the project: kills every member, empties its data
   * volume and starts it again in its own container, so it comes back with
   * empty data and a new network namespace. Throws when the project is not in
   * a shape it can recycle (a container gone, say); the caller then takes
   * the project down and up. Undefined for subjects that cannot be recycled.
   */
  recycle?(project: ComposeProject): Promise<void>;
}
