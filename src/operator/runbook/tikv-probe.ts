import type { ContainerInfo } from '../../engine/docker-engine.ts';
import { PdApi, type PdMemberHealth } from '../../subjects/tikv/pd-api.ts';
import { judgeCluster, serviceOfAddress, summarizeStores, type StoreSummary } from '../../subjects/tikv/store-state.ts';
import type { ProbeResult, RunbookProbe } from './probe.ts';

const PROBE_TIMEOUT_MS = 800;
/** A restarted TiKV needs a while before PD sees its store Up again; restarting it sooner only delays that. */
const REJOIN_GRACE_MS = 30_000;

/**
 * Checks a TiKV slot through PD_ENDPOINT. A store that is not Up, or a PD
 * member PD calls unhealthy, points at the container behind it (the store's
 * advertised host is its Compose service); a PD that does not answer points
 * at the container publishing PD's port. A container that started moments
 * ago is left to rejoin rather than restarted again.
 */
export class TikvProbe implements RunbookProbe {
  constructor(private readonly pd: PdApi) {}

  static fromEnv(env: NodeJS.ProcessEnv): TikvProbe {
    if (!env.PD_ENDPOINT) throw new Error('PD_ENDPOINT is not set');
    return new TikvProbe(new PdApi(env.PD_ENDPOINT.replace(/\/+$/, ''), PROBE_TIMEOUT_MS));
  }

  async check(containers: () => Promise<ContainerInfo[]>): Promise<ProbeResult> {
    let members: PdMemberHealth[];
    let stores: StoreSummary[];
    try {
      const [health, raw] = await Promise.all([this.pd.health(), this.pd.stores()]);
      members = health;
      stores = summarizeStores(raw, []);
    } catch (error) {
      const detail = `PD at ${this.pd.endpoint} does not answer: ${error instanceof Error ? error.message : String(error)}`;
      return { healthy: false, suspects: pdPortOwner(await containers(), this.pd.endpoint), detail };
    }
    const verdict = judgeCluster(members, stores);
    if (verdict.healthy) return { healthy: true, suspects: [], detail: 'PD members healthy, stores Up' };
    const list = await containers();
    const services = list.map((c) => c.service);
    const candidates = [
      ...members.filter((m) => m.health !== true && services.includes(m.name)).map((m) => m.name),
      ...stores.filter((s) => s.state_name !== 'Up').flatMap((s) => serviceOfAddress(s.address, services) ?? []),
    ];
    const suspects = [...new Set(candidates)].filter((service) => !justStarted(list, service, Date.now()));
    return { healthy: false, suspects, detail: verdict.problems.join('; ') };
  }
}

function justStarted(list: readonly ContainerInfo[], service: string, now: number): boolean {
  const container = list.find((c) => c.service === service);
  const started = container ? Date.parse(container.startedAt) : Number.NaN;
  return container?.state === 'running' && now - started < REJOIN_GRACE_MS;
}

function pdPortOwner(list: readonly ContainerInfo[], endpoint: string): string[] {
  const port = Number(new URL(endpoint).port);
  const owner = list.find((c) => Object.values(c.publishedPorts).some((ports) => ports.includes(port)));
  return owner ? [owner.service] : [];
}
