import { detectCompose } from '../compose/compose-cli.ts';
import { DockerEngine } from '../engine/docker-engine.ts';
import { run } from '../process/run.ts';
import { SUBJECTS } from '../subjects/registry.ts';
import { NETTOOLS_IMAGE } from '../chaos/net-tools.ts';
import { probeNetem } from '../chaos/netem.ts';
import { printJson } from './output.ts';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  /** Set on checks only one subject needs. */
  subject?: string;
}

export interface DoctorVerdict {
  /** Subjects a campaign can run here: the engine, Compose, every image and the network tools are there. */
  runnable: string[];
  /** The others, with the checks that stop them. */
  blocked: Array<{ subject: string; missing: string[] }>;
}

/** Everything a campaign needs from this machine, each line ok or missing with what to do. */
export async function doctorChecks(engine = new DockerEngine()): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const version = await engine.serverVersion();
  checks.push({
    name: 'docker engine',
    ok: version !== undefined,
    detail: version ? `server ${version}${engine.host ? ` at ${engine.host}` : ''}` : 'no engine answers',
    fix: version ? undefined : 'run scripts/ensure-docker.sh',
  });
  const compose = await detectCompose(engine);
  checks.push({
    name: 'compose',
    ok: compose !== undefined,
    detail: compose ? `${compose.kind === 'v2' ? 'docker compose (v2)' : 'docker-compose (v1)'} ${compose.version}` : 'not installed',
    fix: compose ? undefined : 'install the Compose v2 plugin, or Debian docker-compose (scripts/ensure-docker.sh)',
  });
  if (version) {
    for (const subject of SUBJECTS.values()) {
      for (const spec of subject.images) {
        const present = [];
        for (const image of spec.candidates) if (await engine.imageExists(image)) present.push(image);
        checks.push({
          subject: subject.name,
          name: `image ${subject.name} ${spec.variable}`,
          ok: present.length > 0,
          detail: present.length > 0 ? present[0]! : `none of ${spec.candidates.join(', ')}`,
          fix: present.length > 0 ? undefined : spec.howToGet,
        });
      }
    }
    const nettools = await engine.imageExists(NETTOOLS_IMAGE);
    checks.push({
      name: 'network tools image',
      ok: nettools,
      detail: nettools ? NETTOOLS_IMAGE : 'missing (etcd slots keep their volumes with it; partitions, latency and packet loss run from it)',
      fix: nettools ? undefined : 'run scripts/build-images.sh',
    });
    checks.push(nettools ? await netemCheck(engine) : { name: 'netem (tc)', ok: false, detail: 'not checked: no network tools image' });
  }
  checks.push(await hostTool('nsenter', ['--version']));
  checks.push(await hostTool('iptables', ['--version']));
  return checks;
}

/** The same probe latency and packet_loss run before they inject. */
async function netemCheck(engine: DockerEngine): Promise<DoctorCheck> {
  const support = await probeNetem(engine);
  return support.supported
    ? { name: 'netem (tc)', ok: true, detail: support.detail }
    : {
        name: 'netem (tc)',
        ok: false,
        detail: `${support.detail}: latency and packet_loss chaos cannot run`,
        fix: 'use a kernel with sch_netem (modprobe sch_netem), or leave those chaos types out',
      };
}

async function hostTool(name: string, args: string[]): Promise<DoctorCheck> {
  try {
    const { stdout, stderr } = await run(name, args, { timeoutMs: 5_000 });
    return { name, ok: true, detail: (stdout || stderr).split('\n')[0]!.trim() };
  } catch {
    return { name, ok: false, detail: 'not found on this host', fix: `install ${name === 'nsenter' ? 'util-linux' : name}` };
  }
}

/** What the checks mean for campaigns: which subjects can run here. netem only limits two chaos types. */
export function doctorVerdict(checks: readonly DoctorCheck[]): DoctorVerdict {
  const shared = checks.filter((c) => !c.ok && !c.subject && !c.name.startsWith('netem')).map((c) => c.name);
  const verdict: DoctorVerdict = { runnable: [], blocked: [] };
  for (const subject of SUBJECTS.keys()) {
    const missing = [...shared, ...checks.filter((c) => !c.ok && c.subject === subject).map((c) => c.name)];
    if (missing.length === 0) verdict.runnable.push(subject);
    else verdict.blocked.push({ subject, missing });
  }
  return verdict;
}

/** Exits 0 when at least one subject can run here, 1 when none can. */
export async function doctorCommand(options: { json?: boolean }): Promise<number> {
  const checks = await doctorChecks();
  const verdict = doctorVerdict(checks);
  if (options.json) printJson({ checks, ...verdict });
  else process.stdout.write(renderDoctor(checks, verdict));
  return verdict.runnable.length > 0 ? 0 : 1;
}

function renderDoctor(checks: readonly DoctorCheck[], verdict: DoctorVerdict): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.flatMap((c) => [
    `${c.ok ? 'ok     ' : 'missing'}  ${c.name.padEnd(width)}  ${c.detail}`,
    ...(c.fix ? [`${' '.repeat(9 + width + 2)}to fix: ${c.fix}`] : []),
  ]);
  lines.push('');
  lines.push(verdict.runnable.length > 0 ? `Campaigns can run here on: ${verdict.runnable.join(', ')}.` : 'No subject can run here.');
  for (const b of verdict.blocked) lines.push(`Not on ${b.subject}: missing ${b.missing.join(', ')}.`);
  const netem = checks.find((c) => c.name.startsWith('netem') && !c.ok);
  if (netem) lines.push('latency and packet_loss cannot run here (no netem); every other chaos type can.');
  return `${lines.join('\n')}\n`;
}
