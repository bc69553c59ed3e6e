import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from './input-error.ts';

const LOCK_FILE = 'harness.pid';

/**
 * Marks a campaign's run directory as taken by this process, so a resume
 * cannot run the same trials twice while the first harness still lives.
 * Returns the release; claiming again from the same process is fine.
 */
export async function claimRun(runDir: string, campaignId: string): Promise<() => Promise<void>> {
  const file = join(runDir, LOCK_FILE);
  const pid = Number(await readFile(file, 'utf8').catch(() => ''));
  if (pid > 0 && pid !== process.pid && (await isNodeProcess(pid))) {
    throw new InputError([
      { file, path: 'campaign', message: `campaign ${campaignId} is being run by process ${pid}; stop it first (a resume never runs next to a live harness)` },
    ]);
  }
  await writeFile(file, String(process.pid));
  return async () => {
    const owner = Number(await readFile(file, 'utf8').catch(() => ''));
    if (owner === process.pid) await rm(file, { force: true });
  };
}

async function isNodeProcess(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').some((arg) => /(^|\/)node[0-9.]*$/.test(arg));
}
