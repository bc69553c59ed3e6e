import { Command } from 'commander';
import { listVariantFiles, loadVariant, missingSecrets, VARIANTS_DIR, type Variant } from '../operator/variant.ts';
import { describeError } from '../process/run.ts';
import { printJson, table } from './output.ts';

interface VariantListing {
  name: string;
  file: string;
  description?: string;
  model?: string;
  command?: string[];
  slotAware?: boolean;
  /** Names only, with whether the environment has them; never values. */
  secrets?: Array<{ name: string; set: boolean }>;
  error?: string;
}

/** `gauntlet variants`: the operator variants a campaign can name. */
export function variantsCommand(setExit: (code: number) => void): Command {
  return new Command('variants')
    .description('list the operator variants (variants/*.yaml)')
    .option('--dir <path>', 'variants directory', VARIANTS_DIR)
    .option('--json', 'print the variants as JSON')
    .action(async (opts: { dir: string; json?: boolean }) => {
      const listings = await listVariants(opts.dir);
      if (opts.json) printJson(listings);
      else process.stdout.write(`${renderVariants(listings)}\n`);
      setExit(listings.some((l) => l.error) ? 2 : 0);
    });
}

export async function listVariants(dir: string): Promise<VariantListing[]> {
  const files = await listVariantFiles(dir);
  return Promise.all(
    [...files.entries()].map(async ([name, file]) => {
      try {
        return describeVariant(await loadVariant(name, dir));
      } catch (error) {
        return { name, file, error: describeError(error) };
      }
    }),
  );
}

function describeVariant(v: Variant): VariantListing {
  const missing = new Set(missingSecrets(v));
  return {
    name: v.name,
    file: v.file,
    description: v.description,
    model: v.model,
    command: v.command,
    slotAware: v.slot_aware,
    secrets: v.secret_env.map((name) => ({ name, set: !missing.has(name) })),
  };
}

function renderVariants(listings: VariantListing[]): string {
  if (listings.length === 0) return 'no variants found';
  return table(
    ['variant', 'model', 'command', 'slot-aware', 'secrets', 'description'],
    listings.map((l) =>
      l.error
        ? [l.name, '-', '-', '-', '-', `invalid: ${l.error}`]
        : [
            l.name,
            l.model ?? '-',
            l.command!.join(' '),
            l.slotAware ? 'yes' : 'no',
            l.secrets!.map((s) => `${s.name}${s.set ? '' : ' (missing)'}`).join(', ') || '-',
            l.description ?? '',
          ],
    ),
  );
}
