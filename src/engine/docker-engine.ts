import { run, type RunOptions, type RunResult } from '../process/run.ts';
import type { Logger } from '../log/logger.ts';
import { silentLogger } from '../log/logger.ts';

export interface ContainerInfo {
  id: string;
  name: string;
  project: string;
  service: string;
  /** created, running, paused, restarting, exited, dead */
  state: string;
  /** healthy, unhealthy, starting, or none when the image has no health check */
  health: string;
  exitCode: number;
  created: string;
  startedAt: string;
  labels: Record<string, string>;
  /**
   * Host ports the container publishes, keyed by container port ("2379/tcp"):
   * the configured bindings, so a stopped container still shows its own.
   */
  publishedPorts: Record<string, number[]>;
}

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/**
 * One Docker engine. Every Docker and Compose call of a slot goes through the
 * engine it belongs to, so a pool can later span several engines.
 */
export class DockerEngine {
  readonly host: string | undefined;
  private readonly logger: Logger;

  constructor(options: { host?: string; logger?: Logger } = {}) {
    this.host = options.host ?? process.env.DOCKER_HOST;
    this.logger = options.logger ?? silentLogger;
  }

  /** Environment that points Docker clients at this engine. */
  env(): Record<string, string> {
    return this.host ? { DOCKER_HOST: this.host } : {};
  }

  async run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return run(file, args, { logger: this.logger, ...options, env: { ...this.env(), ...options.env } });
  }

  async docker(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return this.run('docker', args, options);
  }

  /** The engine's version, or undefined when it does not answer. */
  async serverVersion(timeoutMs = 10_000): Promise<string | undefined> {
    try {
      const { stdout } = await this.docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs });
      return stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async imageExists(image: string): Promise<boolean> {
    const { exitCode } = await this.docker(['image', 'inspect', '--format', '{{.Id}}', image], {
      okExitCodes: [1],
      timeoutMs: 15_000,
    });
    return exitCode === 0;
  }

  /** Containers (running or not) carrying every given label. */
  async containers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    const { stdout } = await this.docker(['ps', '-aq', '--no-trunc', ...labelFilters(labels)], { timeoutMs: 20_000 });
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length === 0) return [];
    return this.inspect(ids);
  }

  /** Ids and states (running, paused, exited, ...) of the containers carrying every label: one call, no inspect. */
  async containerStates(labels: Record<string, string>): Promise<Array<{ id: string; state: string }>> {
    const { stdout } = await this.docker(['ps', '-a', '--no-trunc', ...labelFilters(labels), '--format', '{{.ID}} {{.State}}'], { timeoutMs: 20_000 });
    return stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id, state] = line.split(' ');
        return { id: id!, state: state ?? '' };
      });
  }

  async inspect(ids: readonly string[]): Promise<ContainerInfo[]> {
    // A container removed between `ps` and `inspect` makes inspect exit 1 but
    // still print the others.
    const { stdout } = await this.docker(['inspect', ...ids], { okExitCodes: [1], timeoutMs: 20_000 });
    const raw = JSON.parse(stdout || '[]') as InspectedContainer[];
    return raw.map(toContainerInfo);
  }

  async listIds(kind: 'network' | 'volume', labels: Record<string, string>): Promise<string[]> {
    const format = kind === 'network' ? '{{.ID}}' : '{{.Name}}';
    const { stdout } = await this.docker([kind, 'ls', '-q', ...labelFilters(labels), '--format', format], {
      timeoutMs: 20_000,
    });
    return stdout.split('\n').filter(Boolean);
  }

  /** Networks (all of them, or those carrying every given label) with their subnets and endpoints. */
  async networks(labels: Record<string, string> = {}): Promise<NetworkInfo[]> {
    const ids = await this.listIds('network', labels);
    if (ids.length === 0) return [];
    const { stdout } = await this.docker(['network', 'inspect', ...ids], { okExitCodes: [1], timeoutMs: 20_000 });
    return (JSON.parse(stdout || '[]') as InspectedNetwork[]).map(toNetworkInfo);
  }

  /** The engine's default address pools when it reports them (newer engines do). */
  async defaultAddressPools(): Promise<AddressPool[] | undefined> {
    const { stdout } = await this.docker(['info', '--format', '{{json .}}'], { timeoutMs: 20_000 });
    const info = JSON.parse(stdout || '{}') as { DefaultAddressPools?: AddressPool[] | null };
    return info.DefaultAddressPools && info.DefaultAddressPools.length > 0 ? info.DefaultAddressPools : undefined;
  }

  /** Removes containers, networks or volumes; ones already gone are not an error. */
  async remove(kind: 'container' | 'network' | 'volume', ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const args = kind === 'container' ? ['rm', '-f', '-v', ...ids] : [kind, 'rm', ...ids];
    const { exitCode, stderr } = await this.docker(args, { okExitCodes: [1], timeoutMs: 60_000 });
    const unexpected = stderr.split('\n').filter((l) => l.trim() && !/no such|not found|^exit status \d+$/i.test(l.trim()));
    if (exitCode !== 0 && unexpected.length > 0) throw new Error(`docker ${args.join(' ')}: ${unexpected.join(' | ')}`);
  }
}

export interface AddressPool {
  Base: string;
  Size: number;
}

export interface NetworkInfo {
  id: string;
  name: string;
  driver: string;
  scope: string;
  subnets: string[];
  labels: Record<string, string>;
  /** Containers with an endpoint on the network (running ones). */
  endpoints: number;
  created: string;
}

interface InspectedNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Created: string;
  IPAM?: { Config?: Array<{ Subnet?: string }> | null };
  Labels?: Record<string, string> | null;
  Containers?: Record<string, unknown> | null;
}

function toNetworkInfo(n: InspectedNetwork): NetworkInfo {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    subnets: (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet ? [c.Subnet] : [])),
    labels: n.Labels ?? {},
    endpoints: Object.keys(n.Containers ?? {}).length,
    created: n.Created,
  };
}

function labelFilters(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([k, v]) => ['--filter', `label=${k}=${v}`]);
}

interface InspectedContainer {
  Id: string;
  Name: string;
  Created: string;
  State: { Status: string; ExitCode: number; StartedAt: string; Health?: { Status: string } };
  Config: { Labels: Record<string, string> | null };
  NetworkSettings?: { Ports?: PortMap | null };
  HostConfig?: { PortBindings?: PortMap | null };
}

function toContainerInfo(c: InspectedContainer): ContainerInfo {
  const labels = c.Config.Labels ?? {};
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    project: labels[COMPOSE_PROJECT_LABEL] ?? '',
    service: labels[COMPOSE_SERVICE_LABEL] ?? '',
    state: c.State.Status,
    health: c.State.Health?.Status ?? 'none',
    exitCode: c.State.ExitCode,
    created: c.Created,
    startedAt: c.State.StartedAt,
    labels,
    publishedPorts: hostPorts(c.HostConfig?.PortBindings, c.NetworkSettings?.Ports),
  };
}

type PortMap = Record<string, Array<{ HostPort: string }> | null>;

function hostPorts(...maps: Array<PortMap | null | undefined>): Record<string, number[]> {
  const ports: Record<string, number[]> = {};
  for (const map of maps) {
    for (const [port, bindings] of Object.entries(map ?? {})) {
      const numbers = (bindings ?? []).map((b) => Number(b.HostPort)).filter((n) => n > 0);
      ports[port] = [...new Set([...(ports[port] ?? []), ...numbers])];
    }
  }
  return ports;
}
