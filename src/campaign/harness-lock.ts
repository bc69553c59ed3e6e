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
  const pid = await liveHarness(runDir);
  if (pid !== undefined && pid !== process.pid) {
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

/** The pid of the live harness that holds a campaign's run directory, if one does. */
export async function liveHarness(runDir: string): Promise<number | undefined> {
  const pid = Number(await readFile(join(runDir, LOCK_FILE), 'utf8').catch(() => ''));
  return Number.isInteger(pid) && pid > 0 && (await isNodeProcess(pid)) ? pid : undefined;
}

async function isNodeProcess(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').some((arg) => /(^|\/)node[0-9.]*$/.test(arg));
}
