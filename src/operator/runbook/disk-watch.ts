import { posix } from 'node:path';
import type { ContainerInfo, DockerEngine } from '../../engine/docker-engine.ts';

/** A member's data volume above the threshold, with what in it is not the member's own data. */
export interface FullVolume {
  container: ContainerInfo;
  mountPath: string;
  usedPercent: number;
  /** Entries at the top of the volume that are not the data dir: safe to remove. */
  strayEntries: string[];
}

interface InspectedMember {
  Id: string;
  Args: string[];
  Mounts: Array<{ Type: string; Destination: string }>;
}

const DEFAULT_THRESHOLD_PERCENT = 90;
const DEFAULT_EVERY_MS = 2_000;

/**
 * Watches the data volumes of running members, found by their `--data-dir`
 * argument, through `docker exec ... df`. Checks at most every `everyMs`,
 * since each check costs a Docker call per member.
 */
export class DiskWatch {
  private last: FullVolume[] = [];
  private checkedAt = 0;

  constructor(
    private readonly engine: DockerEngine,
    /** Stops a check in flight when the operator is told to stop. */
    private readonly signal?: AbortSignal,
    private readonly thresholdPercent = DEFAULT_THRESHOLD_PERCENT,
    private readonly everyMs = DEFAULT_EVERY_MS,
  ) {}

  async check(containers: () => Promise<ContainerInfo[]>): Promise<FullVolume[]> {
    if (Date.now() - this.checkedAt < this.everyMs) return this.last;
    const running = (await containers()).filter((c) => c.state === 'running');
    const members = await this.dataMounts(running);
    const checked = await Promise.all(members.map((m) => this.usage(m.container, m.mountPath, m.dataDir)));
    this.last = checked.filter((v): v is FullVolume => v !== undefined && v.usedPercent >= this.thresholdPercent);
    this.checkedAt = Date.now();
    return this.last;
  }

  /** Forces the next check to look again (after a repair). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async dataMounts(running: ContainerInfo[]) {
    if (running.length === 0) return [];
    const { stdout } = await this.engine.docker(['inspect', ...running.map((c) => c.id)], { okExitCodes: [1], timeoutMs: 20_000, signal: this.signal });
    return (JSON.parse(stdout || '[]') as InspectedMember[]).flatMap((m) => {
      const dataDir = dataDirOf(m.Args ?? []);
      const mount = dataDir && m.Mounts.find((x) => x.Type === 'volume' && isInside(dataDir, x.Destination));
      const container = running.find((c) => c.id === m.Id);
      return mount && container ? [{ container, mountPath: mount.Destination, dataDir }] : [];
    });
  }

  private async usage(container: ContainerInfo, mountPath: string, dataDir: string): Promise<FullVolume | undefined> {
    try {
      const df = await this.engine.docker(['exec', container.id, 'df', '-P', '-k', mountPath], { timeoutMs: 10_000, signal: this.signal });
      const fields = df.stdout.trim().split('\n').at(-1)!.trim().split(/\s+/);
      const usedPercent = (100 * Number(fields[2])) / Number(fields[1]);
      if (!(usedPercent >= this.thresholdPercent)) return { container, mountPath, usedPercent, strayEntries: [] };
      const ls = await this.engine.docker(['exec', container.id, 'ls', '-A', mountPath], { timeoutMs: 10_000, signal: this.signal });
      const own = posix.relative(mountPath, dataDir).split('/')[0];
      // with the data dir at the volume's root, nothing there is known to be stray
      const strayEntries = own ? ls.stdout.split('\n').filter((e) => e && e !== own) : [];
      return { container, mountPath, usedPercent, strayEntries };
    } catch {
      // a member without df, or one that stopped meanwhile: other checks cover it
      return undefined;
    }
  }
}

/** The value of `--data-dir=X` or `--data-dir X` among a member's arguments. */
export function dataDirOf(args: readonly string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
    if (arg === '--data-dir') return args[i + 1];
  }
  return undefined;
}

function isInside(path: string, dir: string): boolean {
  const relative = posix.relative(dir, path);
  return !relative.startsWith('..') && !posix.isAbsolute(relative);
}

export function describeFull(full: readonly FullVolume[]): string {
  return full.map((f) => `${f.container.service}: ${f.mountPath} is ${Math.round(f.usedPercent)}% full`).join('; ');
}
