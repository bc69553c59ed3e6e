import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoPath } from '../paths.ts';

export interface Asset {
  type: string;
  body: Buffer;
}

const PUBLIC_DIR = repoPath('src', 'viewer', 'public');

/** Static files of the viewer, Chart.js straight from its npm package: nothing from a CDN. */
export function loadAssets(): Map<string, Asset> {
  const chartDist = dirname(createRequire(repoPath('package.json')).resolve('chart.js'));
  const files: Array<[string, string, string]> = [
    ['/assets/viewer.css', join(PUBLIC_DIR, 'viewer.css'), 'text/css; charset=utf-8'],
    ['/assets/viewer.js', join(PUBLIC_DIR, 'viewer.js'), 'text/javascript; charset=utf-8'],
    ['/assets/chart.umd.min.js', join(chartDist, 'chart.umd.min.js'), 'text/javascript; charset=utf-8'],
  ];
  return new Map(files.map(([url, path, type]) => [url, { type, body: readFileSync(path) }]));
}
