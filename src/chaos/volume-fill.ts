import type { ChaosContext } from './chaos-type.ts';
import { onVolume } from './net-tools.ts';
import { ChaosTargetError } from './targets.ts';

/** A named volume with an absolute size limit, mounted in the target. */
export interface BoundedVolume {
  name: string;
  mountPath: string;
  limitBytes: number;
}

interface Mount {
  Type: string;
  Name?: string;
  Destination: string;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const PAGE = 4096;

/** The size limit in a volume's mount options (`size=256m`); undefined when there is none. */
export function sizeLimit(options: Record<string, string> | null | undefined): number | undefined {
  const match = /(?:^|,)size=(\d+)([kmgt]?)(?:,|$)/i.exec(options?.o ?? '');
  return match ? Number(match[1]) * UNITS[match[2]!.toLowerCase()]! : undefined;
}

/** Picks the size-bounded volume the member mounts (at `path`, when given), or refuses. */
export async function boundedVolume(ctx: ChaosContext, containerId: string, path?: string): Promise<BoundedVolume> {
  const engine = ctx.project.engine;
  const { stdout } = await engine.docker(['inspect', '--format', '{{json .Mounts}}', containerId], { timeoutMs: 20_000 });
  const mounts = (JSON.parse(stdout) as Mount[]).filter((m) => m.Type === 'volume' && (!path || m.Destination === path));
  const candidates: BoundedVolume[] = [];
  for (const mount of mounts) {
    const inspected = await engine.docker(['volume', 'inspect', '--format', '{{json .Options}}', mount.Name!], { timeoutMs: 20_000 });
    const limitBytes = sizeLimit(JSON.parse(inspected.stdout) as Record<string, string> | null);
    if (limitBytes) candidates.push({ name: mount.Name!, mountPath: mount.Destination, limitBytes });
  }
  if (candidates.length === 1) return candidates[0]!;
  const where = path ? ` at ${path}` : '';
  throw new ChaosTargetError(
    candidates.length === 0
      ? `container ${containerId.slice(0, 12)} mounts no volume${where} with a size limit (size= in its options); disk_pressure never fills an unbounded filesystem such as the host's disk`
      : `container ${containerId.slice(0, 12)} mounts ${candidates.length} size-bounded volumes (${candidates.map((c) => c.mountPath).join(', ')}); choose one with the path parameter`,
  );
}

export async function volumeExists(ctx: ChaosContext, name: string): Promise<boolean> {
  const { exitCode } = await ctx.project.engine.docker(['volume', 'inspect', name], { okExitCodes: [1], timeoutMs: 20_000 });
  return exitCode === 0;
}

/** `df -P -k` of one mount: total and used bytes. */
export function parseDf(output: string): { totalBytes: number; usedBytes: number } {
  const fields = output.trim().split('\n').at(-1)?.trim().split(/\s+/) ?? [];
  const total = Number(fields[1]);
  const used = Number(fields[2]);
  if (!Number.isFinite(total) || !Number.isFinite(used) || total <= 0) throw new Error(`unexpected df output: ${output}`);
  return { totalBytes: total * 1024, usedBytes: used * 1024 };
}

export interface FillResult {
  /** Bytes the fill file really holds. */
  allocatedBytes: number;
  /** The volume ran out of space before the requested size: it is full, which is what was asked. */
  ranOutOfSpace: boolean;
  usedBeforeBytes: number;
  totalBytes: number;
}

/** Writes zeros into one file until the volume is `percent` full, or no space is left. */
export async function fillVolume(ctx: ChaosContext, volume: BoundedVolume, fileName: string, percent: number): Promise<FillResult> {
  const engine = ctx.project.engine;
  const df = parseDf((await onVolume(engine, volume.name, ['df', '-P', '-k', '/target'])).stdout);
  if (df.totalBytes > volume.limitBytes * 1.01) {
    throw new ChaosTargetError(`volume ${volume.name} is ${df.totalBytes} bytes, larger than its limit ${volume.limitBytes}; refusing to fill it`);
  }
  const wanted = Math.ceil((df.totalBytes * percent) / 100) - df.usedBytes;
  const blocks = Math.max(0, Math.ceil(wanted / PAGE));
  // 100% means full: write until the volume says no space is left
  const count = percent === 100 ? [] : [`count=${blocks}`];
  const dd = await onVolume(engine, volume.name, ['dd', 'if=/dev/zero', `of=/target/${fileName}`, `bs=${PAGE}`, ...count], [1]);
  const ranOutOfSpace = dd.exitCode !== 0;
  if (ranOutOfSpace && !/no space left/i.test(dd.stderr)) throw new Error(`dd failed on ${volume.name}: ${dd.stderr.trim()}`);
  return { allocatedBytes: writtenBytes(dd.stderr), ranOutOfSpace, usedBeforeBytes: df.usedBytes, totalBytes: df.totalBytes };
}

/**
 * Bytes dd wrote, from its "F+P records out" line. Read from dd itself, not
 * from the file afterwards: an operator may already have removed the file.
 * With page-sized blocks a tmpfs takes a block whole or not at all.
 */
export function writtenBytes(ddStderr: string): number {
  const match = /(\d+)\+(\d+) records out/.exec(ddStderr);
  if (!match) throw new Error(`dd reported no records: ${ddStderr.trim()}`);
  return Number(match[1]) * PAGE;
}
