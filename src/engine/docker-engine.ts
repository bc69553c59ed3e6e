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
  startedAt: string;
  labels: Record<string, string>;
  /** Host ports published by the container, keyed by container port ("2379/tcp"). */
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
    const filters = Object.entries(labels).flatMap(([k, v]) => ['--filter', `label=${k}=${v}`]);
    const { stdout } = await this.docker(['ps', '-aq', '--no-trunc', ...filters], { timeoutMs: 20_000 });
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length === 0) return [];
    return this.inspect(ids);
  }

  async inspect(ids: readonly string[]): Promise<ContainerInfo[]> {
    // A container removed between `ps` and `inspect` makes inspect exit 1 but
    // still print the others.
    const { stdout } = await this.docker(['inspect', ...ids], { okExitCodes: [1], timeoutMs: 20_000 });
    const raw = JSON.parse(stdout || '[]') as InspectedContainer[];
    return raw.map(toContainerInfo);
  }

  async listIds(kind: 'network' | 'volume', labels: Record<string, string>): Promise<string[]> {
    const filters = Object.entries(labels).flatMap(([k, v]) => ['--filter', `label=${k}=${v}`]);
    const format = kind === 'network' ? '{{.ID}}' : '{{.Name}}';
    const { stdout } = await this.docker([kind, 'ls', '-q', ...filters, '--format', format], { timeoutMs: 20_000 });
    return stdout.split('\n').filter(Boolean);
  }
}

interface InspectedContainer {
  Id: string;
  Name: string;
  State: { Status: string; ExitCode: number; StartedAt: string; Health?: { Status: string } };
  Config: { Labels: Record<string, string> | null };
  NetworkSettings?: { Ports?: Record<string, Array<{ HostPort: string }> | null> | null };
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
    startedAt: c.State.StartedAt,
    labels,
    publishedPorts: Object.fromEntries(
      Object.entries(c.NetworkSettings?.Ports ?? {}).map(([port, bindings]) => [
        port,
        (bindings ?? []).map((b) => Number(b.HostPort)),
      ]),
    ),
  };
}
