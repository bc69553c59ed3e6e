import { posix } from 'node:path';
import type { ContainerInfo, DockerEngine } from '../../engine/docker-engine.ts';

/** A member's data volume above the threshold, with what in it is not the member's own data. */
export interface FullVolume {
  container: ContainerInfo;
  mountPath: string;
  usedPercent: number;
  /** Entries at the top of the volume that are not the data dir: safe to remove. */
  strayEntries: string[];
  /**
   * Where commands on the volume run: another container of the project that
   * mounts the same volume, so no exec enters a member chaos may freeze (and
   * the distroless official etcd image has no `df`), or the member itself.
   */
  via: { container: ContainerInfo; mountPath: string };
}

interface InspectedContainer {
  Id: string;
  Args: string[];
  Mounts: Array<{ Type: string; Name?: string; Destination: string }>;
}

/** A place a volume is mounted: the container and the path in it. */
interface VolumeView {
  container: ContainerInfo;
  mountPath: string;
}

const DEFAULT_THRESHOLD_PERCENT = 90;
const DEFAULT_EVERY_MS = 2_000;

/**
 * Watches the data volumes of running members, found by their `--data-dir`
 * argument, through `docker exec ... df` in another container that mounts the
 * same volume (etcd's keeper), or in the member itself when none does. Checks
 * at most every `everyMs`, since each check costs a Docker call per member.
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
    const checked = await Promise.all(members.map((m) => this.usage(m.member, m.views, m.dataDir)));
    this.last = checked.filter((v): v is FullVolume => v !== undefined && v.usedPercent >= this.thresholdPercent);
    this.checkedAt = Date.now();
    return this.last;
  }

  /** Forces the next check to look again (after a repair). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  /** Each member's data volume, seen first from the member, then from every other container that mounts it. */
  private async dataMounts(running: ContainerInfo[]): Promise<Array<{ member: VolumeView; views: VolumeView[]; dataDir: string }>> {
    if (running.length === 0) return [];
    const { stdout } = await this.engine.docker(['inspect', ...running.map((c) => c.id)], { okExitCodes: [1], timeoutMs: 20_000, signal: this.signal });
    const inspected = (JSON.parse(stdout || '[]') as InspectedContainer[]).flatMap((i) => {
      const container = running.find((c) => c.id === i.Id);
      return container ? [{ container, inspected: i }] : [];
    });
    return inspected.flatMap(({ container, inspected: member }) => {
      const dataDir = dataDirOf(member.Args ?? []);
      const mount = dataDir ? member.Mounts.find((x) => x.Type === 'volume' && isInside(dataDir, x.Destination)) : undefined;
      if (!dataDir || !mount) return [];
      const others = inspected.flatMap(({ container: other, inspected: o }) => {
        const same = other.id !== container.id && o.Mounts.find((x) => x.Type === 'volume' && x.Name === mount.Name);
        return same ? [{ container: other, mountPath: same.Destination }] : [];
      });
      // another container first: an exec into a member that chaos freezes mid-call
      // hangs in the engine, and calls that touch that member then hang with it
      return [{ member: { container, mountPath: mount.Destination }, views: [...others, { container, mountPath: mount.Destination }], dataDir }];
    });
  }

  /** A member's volume usage through the first view whose container can run `df` and `ls`. */
  private async usage(member: VolumeView, views: VolumeView[], dataDir: string): Promise<FullVolume | undefined> {
    for (const via of views) {
      try {
        const df = await this.engine.docker(['exec', via.container.id, 'df', '-P', '-k', via.mountPath], { timeoutMs: 10_000, signal: this.signal });
        const fields = df.stdout.trim().split('\n').at(-1)!.trim().split(/\s+/);
        const usedPercent = (100 * Number(fields[2])) / Number(fields[1]);
        const found = { container: member.container, mountPath: member.mountPath, usedPercent, via };
        if (!(usedPercent >= this.thresholdPercent)) return { ...found, strayEntries: [] };
        const ls = await this.engine.docker(['exec', via.container.id, 'ls', '-A', via.mountPath], { timeoutMs: 10_000, signal: this.signal });
        const own = posix.relative(member.mountPath, dataDir).split('/')[0];
        // with the data dir at the volume's root, nothing there is known to be stray
        const strayEntries = own ? ls.stdout.split('\n').filter((e) => e && e !== own) : [];
        return { ...found, strayEntries };
      } catch {
        // no df in this image, or the container stopped meanwhile: try the next view
      }
    }
    return undefined;
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
