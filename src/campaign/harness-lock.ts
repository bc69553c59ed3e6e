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
  await writeFile(file, `${process.pid} ${(await startTime(process.pid)) ?? ''}`.trim());
  return async () => {
    const [owner] = await readLock(file);
    if (owner === process.pid) await rm(file, { force: true });
  };
}

/**
 * The pid of the live harness, another process than this one, that holds a
 * campaign's run directory. The lock names the process and when it started,
 * so a pid the kernel handed to a new process since does not count.
 */
export async function liveHarness(runDir: string): Promise<number | undefined> {
  const [pid, started] = await readLock(join(runDir, LOCK_FILE));
  if (pid === undefined || pid === process.pid || !(await isNodeProcess(pid))) return undefined;
  if (started !== undefined && (await startTime(pid)) !== started) return undefined;
  return pid;
}

async function readLock(file: string): Promise<[number | undefined, string | undefined]> {
  const [pid, started] = (await readFile(file, 'utf8').catch(() => '')).trim().split(/\s+/);
  const number = Number(pid);
  return [Number.isInteger(number) && number > 0 ? number : undefined, started || undefined];
}

/** When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat). */
async function startTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // the command name (field 2) may hold spaces and parentheses: count from the last ')'
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

async function isNodeProcess(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').some((arg) => /(^|\/)node[0-9.]*$/.test(arg));
}
