#!/usr/bin/env node
// Runs Gauntlet from a bundle of src/ that is rebuilt whenever a source file
// is newer, so there is no build step to forget and a start costs a tenth of
// what compiling the TypeScript on every start would. Operators are started
// once per trial, so this matters. Falls back to tsx if bundling fails.
import { readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(root, 'dist', 'gauntlet.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
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
  // Each process writes its own file and renames it: concurrent starts never see half a bundle.
  const temporary = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: temporary,
    logLevel: 'warning',
  });
  renameSync(temporary, bundle);
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
  return import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}

const { main } = await load();
process.exitCode = await main(process.argv);
