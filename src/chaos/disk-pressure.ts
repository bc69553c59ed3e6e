import { z } from 'zod';
import type { ChaosType } from './chaos-type.ts';
import { boundedVolume, fillVolume, volumeExists, type BoundedVolume } from './volume-fill.ts';
import { onVolume } from './net-tools.ts';
import { injectionId, randomMember, targetOf } from './targets.ts';

const params = z.strictObject({
  percent: z.int().min(1).max(100).default(95).describe('How full the data volume is made, in percent of its size.'),
  path: z
    .string()
    .startsWith('/')
    .optional()
    .describe('Mount point of the data volume in the member; by default the one size-bounded volume it mounts.'),
});

/**
 * Fills a member's data volume to a percentage with one file. Only volumes
 * with an absolute size limit qualify, so the host's disk is never filled;
 * the file's path is in the metadata before a byte is written.
 */
export const diskPressure: ChaosType<z.output<typeof params>> = {
  name: 'disk_pressure',
  description: 'Fill one member\'s size-bounded data volume to a percentage with a single file; never the host\'s disk.',
  params,
  async plan(ctx, p) {
    const container = await randomMember(ctx);
    const volume = await boundedVolume(ctx, container.id, p.path);
    const fileName = `gauntlet-fill-${injectionId()}`;
    const metadata = {
      type: 'disk_pressure',
      target: targetOf(container),
      volume: volume.name,
      limitBytes: volume.limitBytes,
      percent: p.percent,
      fillFile: `${volume.mountPath}/${fileName}`,
      fileInVolume: fileName,
      allocatedBytes: undefined as number | undefined,
    };
    return {
      metadata,
      apply: async () => {
        const fill = await fillVolume(ctx, volume, fileName, p.percent);
        Object.assign(metadata, fill);
        ctx.logger.info(`Filled ${metadata.fillFile} on ${container.name} with ${fill.allocatedBytes} bytes`);
      },
    };
  },
  async cleanup(ctx, metadata) {
    const volume = metadata.volume as BoundedVolume['name'];
    if (!(await volumeExists(ctx, volume))) return;
    await onVolume(ctx.project.engine, volume, ['rm', '-f', `/target/${String(metadata.fileInVolume)}`]);
  },
};
