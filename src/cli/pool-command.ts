import { Command } from 'commander';
import { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import {
  listSlotProjects,
  removeOrphanResources,
  removeSlotProjects,
  type SlotProjectInfo,
  type SlotSelection,
} from '../pool/slot-inventory.ts';
import { ExitError } from '../exit-error.ts';
import { printJson, table } from './output.ts';

interface PoolCommandOptions {
  json?: boolean;
  campaign?: string;
  all?: boolean;
}

/** `gauntlet pool status|down`: the slot projects on the engine, found by our labels. */
export function poolCommand(logger: Logger, setExit: (code: number) => void): Command {
  const pool = new Command('pool').description('the slot projects Gauntlet started on this engine');
  pool
    .command('status')
    .description('list running slot projects: subject, slot, ports, health, age')
    .argument('[projects...]', 'only these Compose projects')
    .option('--campaign <id>', 'only the slots of this campaign')
    .option('--json', 'print the projects as JSON')
    .action(async (projects: string[], opts: PoolCommandOptions) => setExit(await poolStatus({ ...opts, projects })));
  pool
    .command('down')
    .description('take slot projects down (containers, networks, volumes)')
    .argument('[projects...]', 'only these Compose projects')
    .option('--campaign <id>', 'only the slots of this campaign')
    .option('--all', 'also remove networks and volumes labelled as ours that no container uses')
    .option('--json', 'print what was removed as JSON')
    .action(async (projects: string[], opts: PoolCommandOptions) => setExit(await poolDown({ ...opts, projects }, logger)));
  return pool;
}

async function connectedEngine(): Promise<DockerEngine> {
  const engine = new DockerEngine();
  if (!(await engine.serverVersion())) {
    throw new ExitError(`no Docker engine answers${engine.host ? ` at ${engine.host}` : ''}; run scripts/ensure-docker.sh`, 3);
  }
  return engine;
}

export async function poolStatus(options: PoolCommandOptions & SlotSelection): Promise<number> {
  const projects = await listSlotProjects(await connectedEngine(), options);
  if (options.json) {
    printJson(projects);
    return 0;
  }
  if (projects.length === 0) {
    process.stdout.write('No slot projects of Gauntlet are running.\n');
    return 0;
  }
  process.stdout.write(`${table(['project', 'subject', 'slot', 'campaign', 'ports', 'health', 'age'], projects.map(statusRow))}\n`);
  return 0;
}

function statusRow(p: SlotProjectInfo): string[] {
  const health = p.problems.length > 0 ? `${p.health} (${p.problems.join(', ')})` : p.health;
  return [p.project, p.subject, p.slot === null ? '-' : String(p.slot), p.campaign || '-', p.ports.join(', ') || '-', health, age(p.ageMs)];
}

function age(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

export async function poolDown(options: PoolCommandOptions & SlotSelection, logger: Logger): Promise<number> {
  const engine = await connectedEngine();
  const projects = (await listSlotProjects(engine, options)).map((p) => p.project);
  const removed = await removeSlotProjects(engine, projects, logger);
  const orphans = options.all ? await removeOrphanResources(engine, options, logger) : { networks: 0, volumes: 0 };
  const total = { ...removed, networks: removed.networks + orphans.networks, volumes: removed.volumes + orphans.volumes };
  if (options.json) printJson(total);
  else {
    process.stdout.write(
      projects.length === 0 && !options.all
        ? 'No slot projects of Gauntlet to take down.\n'
        : `Took down ${projects.length} project(s)${projects.length ? ` (${projects.join(', ')})` : ''}: ${total.containers} container(s), ${total.networks} network(s), ${total.volumes} volume(s) removed.\n`,
    );
  }
  return 0;
}
