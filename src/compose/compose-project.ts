import { writeFile } from 'node:fs/promises';
import type { ContainerInfo, DockerEngine } from '../engine/docker-engine.ts';
import { COMPOSE_PROJECT_LABEL } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../process/run.ts';
import { composeCommand, type ComposeFlavour, type ComposeTarget } from './compose-cli.ts';

export class ComposeProjectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ComposeProjectError';
  }
}

/** `up` of a slot: detached; containers of services no longer in the file go. */
export const UP_ARGS = ['up', '-d', '--remove-orphans'] as const;
/** `down` of a slot: volumes too, no grace period, orphans too; nothing of the last trial survives. */
export const DOWN_ARGS = ['down', '-v', '-t', '0', '--remove-orphans'] as const;

/** One Compose project: a subject's file, a project name and its env file. */
export class ComposeProject {
  constructor(
    readonly engine: DockerEngine,
    readonly flavour: ComposeFlavour,
    readonly target: ComposeTarget,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.target.project;
  }

  async writeEnvFile(variables: Record<string, string>): Promise<void> {
    const lines = Object.entries(variables).map(([k, v]) => `${k}=${v}`);
    await writeFile(this.target.envFile, `${lines.join('\n')}\n`);
  }

  async compose(subcommand: readonly string[], timeoutMs = 180_000): Promise<string> {
    const { file, args } = composeCommand(this.flavour, this.target, subcommand);
    const { stdout } = await this.engine.run(file, args, { timeoutMs });
    return stdout;
  }

  async up(): Promise<void> {
    await this.compose(UP_ARGS);
  }

  /**
   * What `down -v -t 0 --remove-orphans` does, through the engine: every
   * container of the project killed and removed with its anonymous volumes,
   * then its networks and named volumes, all found by the Compose project
   * label. A handful of Docker CLI calls cost a fraction of the CPU of a
   * Compose (v1 is Python) start, which on a small machine is the price of
   * every reset. Paused containers are unpaused first: a frozen process
   * cannot be killed. Should any removal fail, Compose's own `down` has the
   * last word.
   */
  async down(): Promise<void> {
    const labels = { [COMPOSE_PROJECT_LABEL]: this.name };
    try {
      const containers = await this.engine.containerStates(labels);
      const paused = containers.filter((c) => c.state === 'paused').map((c) => c.id);
      if (paused.length > 0) await this.engine.docker(['unpause', ...paused], { okExitCodes: [1], timeoutMs: 30_000 });
      await this.engine.remove('container', containers.map((c) => c.id));
      const [networks, volumes] = await Promise.all([this.engine.listIds('network', labels), this.engine.listIds('volume', labels)]);
      await this.engine.remove('network', networks);
      await this.engine.remove('volume', volumes);
    } catch (error) {
      this.logger.warn(`Removing ${this.name} through the engine failed (${describeError(error)}); asking Compose`);
      try {
        await this.compose(DOWN_ARGS);
      } catch (composeError) {
        throw new ComposeProjectError(
          `could not take ${this.name} down: through the engine: ${describeError(error)}; through Compose: ${describeError(composeError)}`,
          { cause: composeError },
        );
      }
    }
  }

  /** Takes the project down after a failure, logging (not throwing) a failed cleanup. */
  async downAfterFailure(): Promise<void> {
    try {
      await this.down();
    } catch (error) {
      this.logger.error(`Could not take ${this.name} down after a failure: ${describeError(error)}`);
    }
  }

  async containers(): Promise<ContainerInfo[]> {
    return this.engine.containers({ [COMPOSE_PROJECT_LABEL]: this.name });
  }

  async logTail(container: ContainerInfo, lines = 20): Promise<string> {
    try {
      const { stdout, stderr } = await this.engine.docker(['logs', '--tail', String(lines), container.id], {
        timeoutMs: 15_000,
      });
      return `${stdout}\n${stderr}`.trim();
    } catch (error) {
      return `(could not read the log: ${describeError(error)})`;
    }
  }
}
