import type { ComposeProject } from '../../compose/compose-project.ts';
import type { Logger } from '../../log/logger.ts';
import type { HealthReport, MemberHealth, SlotPorts, SubjectClient, SubjectState } from '../subject.ts';
import { PdApi, type PdLeader, type PdMemberHealth, type PdStoreInfo } from './pd-api.ts';
import { judgeCluster, summarizeStores, type StoreSummary } from './store-state.ts';

export const PD_SERVICES = ['pd0', 'pd1', 'pd2'] as const;
export const TIKV_SERVICES = ['tikv0', 'tikv1', 'tikv2'] as const;

/** A TiKV slot seen only through its published PD port (and Prometheus for the operator). */
export class TikvClient implements SubjectClient {
  readonly pd: PdApi;
  private readonly prometheusUrl: string;
  private readonly loggedStates = new Set<string>();

  constructor(
    ports: SlotPorts,
    private readonly project: ComposeProject,
    private readonly logger: Logger,
  ) {
    this.pd = new PdApi(`http://127.0.0.1:${requirePort(ports, 'PD_HOST_PORT')}`);
    this.prometheusUrl = `http://127.0.0.1:${requirePort(ports, 'PROM_HOST_PORT')}`;
  }

  operatorEnv(): Record<string, string> {
    return { PD_ENDPOINT: this.pd.endpoint, PROMETHEUS_URL: this.prometheusUrl };
  }

  async health(signal?: AbortSignal): Promise<HealthReport> {
    return (await this.observe(signal)).report;
  }

  async leaderService(signal?: AbortSignal): Promise<string | undefined> {
    const leader = await this.pd.leader(signal).catch(() => undefined);
    return serviceOfMember(leader);
  }

  async capture(signal?: AbortSignal): Promise<SubjectState> {
    const [observed, containers, regions] = await Promise.all([
      this.observe(signal),
      this.project.containers(),
      this.pd.regionCount(signal).then(
        (count) => ({ count, error: undefined }),
        (error: unknown) => ({ count: null, error: message(error) }),
      ),
    ]);
    return {
      health: observed.report,
      containers: containers
        .map((c) => ({ service: c.service, name: c.name, state: c.state, health: c.health }))
        .sort((a, b) => a.service.localeCompare(b.service)),
      details: {
        stores: observed.stores.map(({ id, address, state_name }) => ({ id, address, state_name })),
        regionCount: regions.count,
        ...(regions.error ? { regionCountError: regions.error } : {}),
        pdLeader: observed.report.leader ?? null,
      },
    };
  }

  private async observe(signal?: AbortSignal): Promise<{ report: HealthReport; stores: StoreSummary[] }> {
    let members: PdMemberHealth[];
    let rawStores: PdStoreInfo[];
    try {
      [members, rawStores] = await Promise.all([this.pd.health(signal), this.pd.stores(signal)]);
    } catch (error) {
      const problem = `PD at ${this.pd.endpoint} does not answer: ${message(error)}`;
      return { report: { healthy: false, members: [], problems: [problem] }, stores: [] };
    }
    const stores = summarizeStores(rawStores, TIKV_SERVICES);
    const verdict = judgeCluster(members, stores);
    this.logUnknownStates(verdict.unknownStates);
    const leader = await this.pd.leader(signal).catch(() => undefined);
    const report: HealthReport = {
      healthy: verdict.healthy,
      members: [...members.map(pdMemberHealth), ...stores.map(storeHealth)],
      leader: serviceOfMember(leader),
      problems: verdict.problems,
    };
    return { report, stores };
  }

  private logUnknownStates(names: readonly string[]): void {
    for (const name of names) {
      if (this.loggedStates.has(name)) continue;
      this.loggedStates.add(name);
      this.logger.warn(`PD reports a store state_name Gauntlet does not know (${JSON.stringify(name)}); counted as not Up`);
    }
  }
}

function pdMemberHealth(m: PdMemberHealth): MemberHealth {
  return { service: m.name, healthy: m.health === true, detail: m.health === true ? 'healthy' : 'PD reports it unhealthy' };
}

function storeHealth(s: StoreSummary): MemberHealth {
  return { service: s.service ?? s.address, healthy: s.state_name === 'Up', detail: `store ${s.id} ${s.state_name}` };
}

function serviceOfMember(leader: PdLeader | undefined): string | undefined {
  const name = leader?.name;
  return name && (PD_SERVICES as readonly string[]).includes(name) ? name : undefined;
}

function requirePort(ports: SlotPorts, variable: string): number {
  const port = ports[variable];
  if (port === undefined) throw new Error(`the TiKV slot has no ${variable} in its port plan`);
  return port;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
