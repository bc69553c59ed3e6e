import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up to our package.json. The code runs
 * both from src/ (through tsx) and bundled in dist/, so files shipped beside
 * the code (Compose files, variants, viewer assets) are located from here,
 * never relative to the current module.
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gauntlet') {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`cannot find Gauntlet's package.json above ${start}`);
  }
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}
