import { repoPath } from '../../paths.ts';
import type { ComposeProject } from '../../compose/compose-project.ts';
import { COMPOSE_PROJECT_LABEL } from '../../engine/docker-engine.ts';
import type {
  HealthReport,
  MemberHealth,
  SlotPorts,
  SubjectClient,
  SubjectDefinition,
  SubjectState,
} from '../subject.ts';
import { fetchJson } from '../http.ts';
import { NETTOOLS_IMAGE } from '../../chaos/net-tools.ts';
import { EtcdWorkload } from '../../workload/etcd-workload.ts';
import type { Workload, WorkloadOptions } from '../../workload/workload.ts';

const MEMBERS = ['etcd0', 'etcd1', 'etcd2'] as const;
const PORT_VARIABLES: Record<(typeof MEMBERS)[number], string> = {
  etcd0: 'ETCD_HOST_PORT',
  etcd1: 'ETCD1_HOST_PORT',
  etcd2: 'ETCD2_HOST_PORT',
};
const REQUEST_TIMEOUT_MS = 1_000;

export const etcdSubject: SubjectDefinition = {
  name: 'etcd',
  composeFile: repoPath('subjects', 'etcd', 'docker-compose.yaml'),
  ports: [
    { service: 'etcd0', name: 'client', variable: 'ETCD_HOST_PORT', base: 2379 },
    { service: 'etcd1', name: 'client', variable: 'ETCD1_HOST_PORT', base: 2479 },
    { service: 'etcd2', name: 'client', variable: 'ETCD2_HOST_PORT', base: 2579 },
  ],
  images: [
    {
      variable: 'ETCD_IMAGE',
      candidates: ['gcr.io/etcd-development/etcd:v3.5.17', 'gauntlet-local/etcd:3.4'],
      howToGet: 'run scripts/build-images.sh (pulls the official image, or builds one from Debian packages)',
    },
    {
      variable: 'KEEPER_IMAGE',
      candidates: [NETTOOLS_IMAGE],
      howToGet: 'run scripts/build-images.sh (builds it from Debian packages)',
    },
  ],
  memberServices: [...MEMBERS],
  oneShotServices: [],
  chaosTypes: [
    'node_kill',
    'process_pause',
    'network_partition',
    'asymmetric_partition',
    'leader_kill',
    'disk_pressure',
    'latency',
    'packet_loss',
  ],
  connect: (ports, project) => new EtcdClient(ports, project),
  recycle: recycleEtcd,
};

/** The idle service that keeps every member's data volume mounted, each at /keep/<member>. */
const KEEPER_SERVICE = 'volumes';

/**
 * Kills every member (`stop -t 0`, after an unpause), empties its data
 * volume through the keeper and starts it again. Each member comes back in
 * the container it had, with a new network namespace and no data, so it
 * forms a new cluster like a fresh start does.
 */
async function recycleEtcd(project: ComposeProject): Promise<void> {
  const containers = await project.containers();
  const expected = [KEEPER_SERVICE, ...MEMBERS];
  const found = containers.map((c) => c.service).sort();
  if (found.join(',') !== [...expected].sort().join(',')) {
    throw new Error(`${project.name} holds ${found.join(', ') || 'no container'}, not exactly ${expected.join(', ')}`);
  }
  const keeper = containers.find((c) => c.service === KEEPER_SERVICE)!;
  if (keeper.state !== 'running') throw new Error(`the ${KEEPER_SERVICE} service of ${project.name} is ${keeper.state}`);
  const members = MEMBERS.map((m) => containers.find((c) => c.service === m)!);
  const engine = project.engine;
  const paused = members.filter((m) => m.state === 'paused').map((m) => m.id);
  if (paused.length > 0) await engine.docker(['unpause', ...paused], { okExitCodes: [1], timeoutMs: 30_000 });
  const ids = members.map((m) => m.id);
  await engine.docker(['stop', '-t', '0', ...ids], { timeoutMs: 60_000 });
  // every entry, hidden ones too; a pattern that matches nothing stays literal and rm -f ignores it
  const entries = MEMBERS.flatMap((m) => ['*', '.[!.]*', '..?*'].map((glob) => `/keep/${m}/${glob}`));
  await engine.docker(['exec', keeper.id, 'sh', '-c', `rm -rf ${entries.join(' ')}`], { timeoutMs: 60_000 });
  // someone else (an operator still at work) may have started a member meanwhile, on half-removed data
  const states = await engine.containerStates({ [COMPOSE_PROJECT_LABEL]: project.name });
  const restarted = members.filter((m) => states.find((s) => s.id === m.id)?.state !== 'exited');
  if (restarted.length > 0) throw new Error(`${restarted.map((m) => m.service).join(', ')} did not stay stopped while its data was removed`);
  await engine.docker(['start', ...ids], { timeoutMs: 60_000 });
}

interface EtcdStatus {
  header?: { member_id?: string };
  leader?: string;
}

class EtcdClient implements SubjectClient {
  constructor(
    private readonly ports: SlotPorts,
    private readonly project: ComposeProject,
  ) {}

  private url(service: (typeof MEMBERS)[number], path: string): string {
    return `http://127.0.0.1:${this.ports[PORT_VARIABLES[service]]}${path}`;
  }

  operatorEnv(): Record<string, string> {
    return { ETCD_ENDPOINTS: this.endpoints().join(',') };
  }

  private endpoints(): string[] {
    return MEMBERS.map((m) => this.url(m, ''));
  }

  startWorkload(options: WorkloadOptions): Workload {
    return new EtcdWorkload(this.endpoints(), options);
  }

  async fingerprint(signal?: AbortSignal): Promise<Record<string, unknown>> {
    const health = await this.health(signal);
    const healthyMember = MEMBERS.find((m) => health.members.some((h) => h.service === m && h.healthy)) ?? MEMBERS[0];
    const post = <T>(path: string, body: unknown) =>
      fetchJson<T>(this.url(healthyMember, path), { timeoutMs: REQUEST_TIMEOUT_MS, signal, body });
    const [members, keys] = await Promise.all([
      post<{ members?: Array<{ name?: string }> }>('/v3/cluster/member/list', {}),
      post<{ count?: string; header?: { revision?: string } }>('/v3/kv/range', { key: 'AA==', range_end: 'AA==', count_only: true }),
    ]);
    return {
      healthy: health.healthy,
      members: (members.members ?? []).map((m) => m.name ?? '').sort(),
      keys: Number(keys.count ?? 0),
      // a new cluster is at revision 1: keys written and deleted since still show
      revision: Number(keys.header?.revision ?? 0),
    };
  }

  async health(signal?: AbortSignal): Promise<HealthReport> {
    const results = await Promise.all(MEMBERS.map((m) => this.memberHealth(m, signal)));
    const members = results.map((r) => r.member);
    const leaders = new Set(results.map((r) => r.leader).filter((l) => l && l !== '0'));
    const problems = members.filter((m) => !m.healthy).map((m) => `${m.service}: ${m.detail}`);
    if (leaders.size > 1) problems.push(`members disagree on the leader (${[...leaders].join(', ')})`);
    if (leaders.size === 0) problems.push('no leader elected');
    const [leaderId] = leaders;
    const leader = results.find((r) => r.memberId === leaderId)?.member.service;
    return { healthy: problems.length === 0, members, leader, problems };
  }

  async leaderService(signal?: AbortSignal): Promise<string | undefined> {
    return (await this.health(signal)).leader;
  }

  async capture(signal?: AbortSignal): Promise<SubjectState> {
    const [health, containers] = await Promise.all([this.health(signal), this.project.containers()]);
    return {
      health,
      containers: containers
        .map((c) => ({ service: c.service, name: c.name, state: c.state, health: c.health }))
        .sort((a, b) => a.service.localeCompare(b.service)),
      details: { leader: health.leader ?? null },
    };
  }

  private async memberHealth(service: (typeof MEMBERS)[number], signal?: AbortSignal) {
    const member: MemberHealth = { service, healthy: false, detail: '' };
    try {
      const [health, status] = await Promise.all([
        fetchJson<{ health?: string }>(this.url(service, '/health'), { timeoutMs: REQUEST_TIMEOUT_MS, signal }),
        fetchJson<EtcdStatus>(this.url(service, '/v3/maintenance/status'), {
          timeoutMs: REQUEST_TIMEOUT_MS,
          signal,
          body: {},
        }),
      ]);
      member.healthy = health.health === 'true';
      member.detail = member.healthy ? 'healthy' : `reports health ${JSON.stringify(health)}`;
      return { member, leader: status.leader, memberId: status.header?.member_id };
    } catch (error) {
      member.detail = error instanceof Error ? error.message : String(error);
      return { member, leader: undefined, memberId: undefined };
    }
  }
}
