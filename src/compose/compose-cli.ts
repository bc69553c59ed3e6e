import type { DockerEngine } from '../engine/docker-engine.ts';

export type ComposeFlavour =
  | { kind: 'v2'; version: string }
  | { kind: 'v1'; version: string };

export interface ComposeTarget {
  project: string;
  file: string;
  envFile: string;
}

/** The argv of one Compose command for either flavour. */
export function composeCommand(
  flavour: ComposeFlavour,
  target: ComposeTarget,
  subcommand: readonly string[],
): { file: string; args: string[] } {
  const common = ['-p', target.project, '-f', target.file, '--env-file', target.envFile, ...subcommand];
  return flavour.kind === 'v2'
    ? { file: 'docker', args: ['compose', ...common] }
    : { file: 'docker-compose', args: common };
}

/** Detects the Compose flavour once per engine: v2 plugin first, then v1. */
export async function detectCompose(engine: DockerEngine): Promise<ComposeFlavour | undefined> {
  const attempts: Array<[ComposeFlavour['kind'], string, string[]]> = [
    ['v2', 'docker', ['compose', 'version', '--short']],
    ['v1', 'docker-compose', ['version', '--short']],
  ];
  for (const [kind, file, args] of attempts) {
    try {
      const { stdout } = await engine.run(file, args, { timeoutMs: 15_000 });
      const version = stdout.trim().replace(/^v/, '');
      if (version) return { kind, version };
    } catch {
      // not installed; try the next flavour
    }
  }
  return undefined;
}
