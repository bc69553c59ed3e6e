import type { ContainerInfo } from '../../engine/docker-engine.ts';

export interface ProbeResult {
  healthy: boolean;
  /** Services the probe found unhealthy, when it can tell. */
  suspects: string[];
  detail: string;
}

/** A subject's health seen from the operator's side, through its endpoints. */
export interface RunbookProbe {
  check(containers: () => Promise<ContainerInfo[]>): Promise<ProbeResult>;
}
