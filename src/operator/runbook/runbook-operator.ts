import { posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { COMPOSE_PROJECT_LABEL, DockerEngine, type ContainerInfo } from '../../engine/docker-engine.ts';
import type { Logger } from '../../log/logger.ts';
import { describeError } from '../../process/run.ts';
import { TicketStoreWriter } from '../ticket-store.ts';
import { describeFull, DiskWatch, type FullVolume } from './disk-watch.ts';
import type { ProbeResult, RunbookProbe } from './probe.ts';

export interface RunbookOptions {
  project: string;
  storePath: string;
  probe: RunbookProbe;
  engine: DockerEngine;
  logger: Logger;
  signal: AbortSignal;
  variant?: string;
  pollMs?: number;
  /** Consecutive failing checks before a ticket is opened; the confirming ones follow at once. */
  confirmChecks?: number;
  /** How long to wait for a repair to take effect before trying the next one. */
  repairSettleMs?: number;
}

interface OpenIncident {
  ticketId: number;
  lastRepairAt: number;
  repairs: number;
  escalated: boolean;
}

/**
 * The reference operator: watches the subject, opens a ticket when it breaks,
 * repairs with ordinary Docker commands (start, unpause, restart), logs each
 * command and resolves the ticket once the subject is healthy again.
 */
export async function runRunbookOperator(options: RunbookOptions): Promise<void> {
  const pollMs = options.pollMs ?? 150;
  const confirmChecks = options.confirmChecks ?? 2;
  const settleMs = options.repairSettleMs ?? 8_000;
  const store = new TicketStoreWriter(options.storePath, { variant: options.variant ?? 'runbook' });
  const { logger, engine } = options;
  const containers = () => engine.containers({ [COMPOSE_PROJECT_LABEL]: options.project });
  const disk = new DiskWatch(engine, options.signal);
  let failing = 0;
  let healthyStreak = 0;
  let incident: OpenIncident | undefined;
  logger.info(`Watching project ${options.project}`);
  try {
    while (!options.signal.aborted) {
      const probed = await options.probe.check(containers).catch((error: unknown) => ({
        healthy: false,
        suspects: [],
        detail: describeError(error),
      }));
      const full = await disk.check(containers).catch(() => []);
      // told to stop while checking: no new ticket and no repair after that
      if (options.signal.aborted) break;
      const result = withDisk(probed, full);
      if (result.healthy) {
        failing = 0;
        healthyStreak++;
        if (incident && healthyStreak >= 2) {
          store.resolveTicket(incident.ticketId);
          logger.info(`Resolved ticket ${incident.ticketId} after ${incident.repairs} repair(s)`);
          incident = undefined;
        }
      } else {
        healthyStreak = 0;
        failing++;
        if (!incident && failing < confirmChecks) continue;
        if (!incident) {
          // dated when written: the ticket says when the failure was confirmed,
          // so the harness's sighting can be held to that instant
          const ticketId = store.openTicket(`subject unhealthy: ${result.detail}`.slice(0, 500));
          logger.info(`Opened ticket ${ticketId}: ${result.detail}`);
          incident = { ticketId, lastRepairAt: 0, repairs: 0, escalated: false };
        }
        if (incident && !incident.escalated && full.some((f) => f.strayEntries.length === 0)) {
          store.setStatus(incident.ticketId, 'escalated');
          logger.warn(`Escalated ticket ${incident.ticketId}: nothing but the member's own data fills ${describeFull(full)}`);
          incident.escalated = true;
        }
        if (incident && Date.now() - incident.lastRepairAt >= settleMs) {
          const acted = await repair(await containers(), result.suspects, full, engine, store, logger, options.signal);
          if (acted) {
            disk.invalidate();
            if (incident.repairs === 0) store.setStatus(incident.ticketId, 'diagnosed');
            incident.repairs++;
            incident.lastRepairAt = Date.now();
          }
        }
      }
      await sleep(pollMs, undefined, { signal: options.signal }).catch(() => {});
    }
  } finally {
    store.close();
  }
}

/** A full data volume makes the subject unhealthy even when every member still answers. */
function withDisk(probed: ProbeResult, full: FullVolume[]): ProbeResult {
  if (full.length === 0) return probed;
  const detail = probed.healthy ? describeFull(full) : `${probed.detail}; ${describeFull(full)}`;
  return { healthy: false, suspects: probed.suspects, detail };
}

/**
 * Repairs what the containers show: start stopped members, unpause frozen
 * ones; then remove what is not a member's data from a full volume; then
 * restart suspects.
 */
async function repair(
  list: ContainerInfo[],
  suspects: string[],
  full: FullVolume[],
  engine: DockerEngine,
  store: TicketStoreWriter,
  logger: Logger,
  signal: AbortSignal,
): Promise<boolean> {
  const actions: Array<{ args: string[]; why: string }> = [];
  for (const c of list) {
    if (c.state === 'exited' || c.state === 'created' || c.state === 'dead') {
      actions.push({ args: ['start', c.name], why: `${c.service} is ${c.state}` });
    } else if (c.state === 'paused') {
      actions.push({ args: ['unpause', c.name], why: `${c.service} is paused` });
    }
  }
  for (const f of actions.length === 0 ? full : []) {
    if (f.strayEntries.length === 0) continue;
    const paths = f.strayEntries.map((e) => posix.join(f.via.mountPath, e));
    actions.push({ args: ['exec', f.via.container.name, 'rm', '-rf', ...paths], why: `${f.container.service}: ${f.mountPath} is ${Math.round(f.usedPercent)}% full` });
  }
  if (actions.length === 0) {
    for (const service of new Set(suspects)) {
      const c = list.find((x) => x.service === service && x.state === 'running');
      if (c) actions.push({ args: ['restart', '-t', '2', c.name], why: `${service} runs but is unhealthy` });
    }
  }
  for (const action of actions) {
    if (signal.aborted) break;
    logger.info(`Repair: docker ${action.args.join(' ')} (${action.why})`);
    let exitCode = 0;
    let output = '';
    try {
      const result = await engine.docker(action.args, { timeoutMs: 60_000 });
      output = result.stdout;
    } catch (error) {
      exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      output = describeError(error);
      logger.warn(`Repair failed: ${output}`);
    }
    store.logCommand({ toolName: 'docker', params: action.args.join(' '), exitCode, output });
  }
  return actions.length > 0;
}
