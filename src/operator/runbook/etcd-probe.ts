import type { ContainerInfo } from '../../engine/docker-engine.ts';
import { fetchJson } from '../../subjects/http.ts';
import type { ProbeResult, RunbookProbe } from './probe.ts';

/** Checks every etcd endpoint of ETCD_ENDPOINTS; maps a failing one to its container by published port. */
export class EtcdProbe implements RunbookProbe {
  constructor(private readonly endpoints: string[]) {}

  static fromEnv(env: NodeJS.ProcessEnv): EtcdProbe {
    const endpoints = (env.ETCD_ENDPOINTS ?? '').split(',').filter(Boolean);
    if (endpoints.length === 0) throw new Error('ETCD_ENDPOINTS is not set');
    return new EtcdProbe(endpoints);
  }

  async check(containers: () => Promise<ContainerInfo[]>): Promise<ProbeResult> {
    const results = await Promise.all(
      this.endpoints.map(async (endpoint) => {
        try {
          const body = await fetchJson<{ health?: string }>(`${endpoint}/health`, { timeoutMs: 800 });
          return { endpoint, healthy: body.health === 'true', detail: JSON.stringify(body) };
        } catch (error) {
          return { endpoint, healthy: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const failing = results.filter((r) => !r.healthy);
    if (failing.length === 0) return { healthy: true, suspects: [], detail: 'all members healthy' };
    const list = await containers();
    const suspects = failing.flatMap((r) => {
      const port = Number(new URL(r.endpoint).port);
      const owner = list.find((c) => Object.values(c.publishedPorts).some((ports) => ports.includes(port)));
      return owner ? [owner.service] : [];
    });
    return { healthy: false, suspects, detail: failing.map((r) => `${r.endpoint}: ${r.detail}`).join('; ') };
  }
}
