import { setTimeout as sleep } from 'node:timers/promises';
import { COMPOSE_PROJECT_LABEL, DockerEngine, type ContainerInfo } from '../../engine/docker-engine.ts';
import type { Logger } from '../../log/logger.ts';
import { describeError } from '../../process/run.ts';
import { TicketStoreWriter } from '../ticket-store.ts';
import type { RunbookProbe } from './probe.ts';

export interface RunbookOptions {
  project: string;
  storePath: string;
  probe: RunbookProbe;
  engine: DockerEngine;
  logger: Logger;
  signal: AbortSignal;
  variant?: string;
  pollMs?: number;
  /** Consecutive failing checks before a ticket is opened. */
  confirmChecks?: number;
  /** How long to wait for a repair to take effect before trying the next one. */
  repairSettleMs?: number;
}

interface OpenIncident {
  ticketId: number;
  lastRepairAt: number;
  repairs: number;
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
  let failingSince: string | undefined;
  let failing = 0;
  let healthyStreak = 0;
  let incident: OpenIncident | undefined;
  logger.info(`Watching project ${options.project}`);
  try {
    while (!options.signal.aborted) {
      const checkedAt = new Date().toISOString();
      const result = await options.probe.check(containers).catch((error: unknown) => ({
        healthy: false,
        suspects: [],
        detail: describeError(error),
      }));
      if (result.healthy) {
        failing = 0;
        failingSince = undefined;
        healthyStreak++;
        if (incident && healthyStreak >= 2) {
          store.resolveTicket(incident.ticketId);
          logger.info(`Resolved ticket ${incident.ticketId} after ${incident.repairs} repair(s)`);
          incident = undefined;
        }
      } else {
        healthyStreak = 0;
        failing++;
        failingSince ??= checkedAt;
        if (!incident && failing >= confirmChecks) {
          const ticketId = store.openTicket(`subject unhealthy: ${result.detail}`.slice(0, 500), failingSince);
          logger.info(`Opened ticket ${ticketId}: ${result.detail}`);
          incident = { ticketId, lastRepairAt: 0, repairs: 0 };
        }
        if (incident && Date.now() - incident.lastRepairAt >= settleMs) {
          const acted = await repair(await containers(), result.suspects, engine, store, logger);
          if (acted) {
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

/** Repairs what the containers show: start stopped members, unpause frozen ones, restart suspects. */
async function repair(
  list: ContainerInfo[],
  suspects: string[],
  engine: DockerEngine,
  store: TicketStoreWriter,
  logger: Logger,
): Promise<boolean> {
  const actions: Array<{ args: string[]; why: string }> = [];
  for (const c of list) {
    if (c.state === 'exited' || c.state === 'created' || c.state === 'dead') {
      actions.push({ args: ['start', c.name], why: `${c.service} is ${c.state}` });
    } else if (c.state === 'paused') {
      actions.push({ args: ['unpause', c.name], why: `${c.service} is paused` });
    }
  }
  if (actions.length === 0) {
    for (const service of new Set(suspects)) {
      const c = list.find((x) => x.service === service && x.state === 'running');
      if (c) actions.push({ args: ['restart', '-t', '2', c.name], why: `${service} runs but is unhealthy` });
    }
  }
  for (const action of actions) {
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
