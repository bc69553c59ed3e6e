import type { DockerEngine } from '../engine/docker-engine.ts';
import type { RunOptions, RunResult } from '../process/run.ts';

/** A small image with iptables and tc, run in a target container's network namespace. */
export const NETTOOLS_IMAGE = process.env.GAUNTLET_NETTOOLS_IMAGE ?? 'gauntlet-local/nettools:1';

/**
 * The iptables flavour used inside containers' namespaces. Both work here;
 * nft is chosen because the engine's own rules in those namespaces (the
 * embedded DNS) are nf_tables rules, so one listing shows theirs and ours,
 * and because the legacy backend is on its way out of kernels.
 */
export const IPTABLES = process.env.GAUNTLET_IPTABLES ?? 'iptables-nft';

const HELPER_TIMEOUT_MS = 30_000;

/**
 * Runs a network tool inside a container's network namespace from a
 * throwaway helper, so the subject's image needs no tools and no NET_ADMIN.
 */
export async function inNetns(
  engine: DockerEngine,
  containerId: string,
  argv: readonly string[],
  options: Pick<RunOptions, 'input' | 'okExitCodes'> = {},
): Promise<RunResult> {
  const stdin = options.input === undefined ? [] : ['-i'];
  return engine.docker(
    ['run', '--rm', ...stdin, '--network', `container:${containerId}`, '--cap-add', 'NET_ADMIN', NETTOOLS_IMAGE, ...argv],
    { timeoutMs: HELPER_TIMEOUT_MS, ...options },
  );
}

/** Runs a tool from the helper image with one volume mounted at /target and no network. */
export async function onVolume(engine: DockerEngine, volume: string, argv: readonly string[], okExitCodes?: number[]) {
  return engine.docker(['run', '--rm', '--network', 'none', '-v', `${volume}:/target`, NETTOOLS_IMAGE, ...argv], {
    timeoutMs: 120_000,
    okExitCodes,
  });
}

/** Docker's message when the namespace to join is gone: the container is not running. */
export function isNotRunningError(error: unknown): boolean {
  const stderr = String((error as { stderr?: unknown }).stderr ?? '');
  return /non running container|no such container|is not running/i.test(stderr);
}
