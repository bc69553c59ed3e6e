#!/usr/bin/env node
// Runs Gauntlet from a bundle of src/ that is rebuilt whenever a source file
// is newer, so there is no build step to forget and a start costs a tenth of
// what compiling the TypeScript on every start would. Operators are started
// once per trial, so this matters. Falls back to tsx if bundling fails.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// `gauntlet operator` has an entry of its own that loads only what the
// runbook operator needs; every other command goes through the whole CLI.
const ENTRIES = { gauntlet: 'main.ts', operator: 'operator-main.ts' };
const entry = process.argv[2] === 'operator' && process.argv.length === 3 ? 'operator' : 'gauntlet';
const bundle = join(root, 'dist', `${entry}.mjs`);

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestSource(join(root, 'src'));
  } catch {
    return false;
  }
}

async function rebuild() {
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(root, 'src', 'cli', file)])),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: join(root, 'dist'),
    outExtension: { '.js': '.mjs' },
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Each process writes its own files and renames them: concurrent starts never see half a bundle.
  for (const file of outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

async function load() {
  if (process.env.GAUNTLET_NO_BUNDLE !== '1') {
    try {
      if (!bundleIsFresh()) await rebuild();
      return await import(pathToFileURL(bundle).href);
    } catch (error) {
      process.stderr.write(`gauntlet: running from sources (bundling failed: ${error.message})\n`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, 'src', 'cli', ENTRIES[entry])).href);
}

const { main } = await load();
process.exitCode = await main(process.argv);
