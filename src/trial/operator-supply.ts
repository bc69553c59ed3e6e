import { existsSync } from 'node:fs';
import { appendFile, mkdir, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.ts';
import { OperatorProcess, operatorPidFile } from '../operator/operator-process.ts';
import type { Redactor } from '../operator/secrets.ts';
import { createTicketStore, scrubTicketStore, TicketStoreReader } from '../operator/ticket-store.ts';
import type { Variant } from '../operator/variant.ts';
import type { Slot } from '../pool/slot.ts';

/** The operator side of one trial: where tickets are read, and the process if the harness runs it. */
export interface TrialOperator {
  storePath: string;
  reader: TicketStoreReader;
  process: OperatorProcess | undefined;
  logPath: string | undefined;
  /** Tickets and commands before this instant belong to earlier trials of a shared store. */
  since: number;
  /** Why the operator could not get ready, when it could not. */
  notReady?: string;
}

export interface SupplyContext {
  variant: Variant;
  campaignId: string;
  redactor: Redactor;
  readyTimeoutMs: number;
  logger: Logger;
}

/** How a campaign gets its operators: fresh per trial, one per slot, or run by the user. */
export interface OperatorSupply {
  readonly kind: 'per_trial' | 'per_slot' | 'external';
  /** Called once the slot is healthy and before injection; baseline trials get no operator. */
  begin(slot: Slot, trialDir: string, baseline: boolean): Promise<TrialOperator | undefined>;
  /** After the final capture; stops the process when it belonged to the trial alone. The caller closes the reader. */
  end(operator: TrialOperator): Promise<void>;
  shutdown(): Promise<void>;
}

/** The protocol's environment for one slot's operator. */
export function operatorEnvironment(slot: Slot, campaignId: string, variantFile: string, storePath: string): Record<string, string> {
  return {
    GAUNTLET_SLOT: String(slot.number),
    GAUNTLET_SUBJECT: slot.subject.name,
    GAUNTLET_CAMPAIGN: campaignId,
    COMPOSE_PROJECT_NAME: slot.project.name,
    DOCKER_HOST: slot.project.engine.host ?? 'unix:///var/run/docker.sock',
    OPERATOR_DB_PATH: storePath,
    GAUNTLET_VARIANT_FILE: variantFile,
    ...slot.client.operatorEnv(),
  };
}

export class PerTrialOperators implements OperatorSupply {
  readonly kind = 'per_trial';

  constructor(private readonly ctx: SupplyContext) {}

  async begin(slot: Slot, trialDir: string, baseline: boolean): Promise<TrialOperator | undefined> {
    if (baseline) return undefined;
    const storePath = join(trialDir, 'tickets.db');
    const logPath = join(trialDir, 'operator.log');
    // a retried or resumed trial starts from an empty store; the earlier attempt's is kept beside it
    const earlier = await setAsidePreviousStore(storePath);
    if (earlier) await appendFile(logPath, `\n--- a new attempt; the earlier attempt's tickets are in ${basename(earlier)} ---\n`);
    createTicketStore(storePath);
    const reader = new TicketStoreReader(storePath);
    const process = await startOperator(this.ctx, slot, storePath, logPath, trialDir);
    const notReady = await waitForSession(reader, process, this.ctx.readyTimeoutMs, 0);
    return { storePath, reader, process, logPath, since: 0, notReady };
  }

  async end(operator: TrialOperator): Promise<void> {
    await operator.process?.stop();
    scrubTicketStore(operator.storePath, (text) => this.ctx.redactor.redact(text));
  }

  async shutdown(): Promise<void> {}
}

/**
 * One operator per slot for the whole campaign, with one ticket store per
 * slot. It is stopped for baseline trials and started again for the next
 * operator trial, and started again when it exited on its own.
 */
export class PerSlotOperators implements OperatorSupply {
  readonly kind = 'per_slot';
  private readonly running = new Map<number, OperatorProcess>();
  private readonly stores = new Set<string>();

  constructor(
    private readonly ctx: SupplyContext,
    private readonly slotsDir: string,
  ) {}

  async begin(slot: Slot, _trialDir: string, baseline: boolean): Promise<TrialOperator | undefined> {
    const current = this.running.get(slot.number);
    if (baseline || current?.exit) {
      await current?.stop();
      this.running.delete(slot.number);
    }
    if (baseline) return undefined;
    const dir = join(this.slotsDir, `slot-${slot.number}`);
    await mkdir(dir, { recursive: true });
    const storePath = join(dir, 'tickets.db');
    if (!existsSync(storePath)) createTicketStore(storePath);
    this.stores.add(storePath);
    const reader = new TicketStoreReader(storePath);
    const logPath = join(dir, 'operator.log');
    const since = Date.now();
    let process = this.running.get(slot.number);
    let notReady: string | undefined;
    process?.resume();
    if (!process) {
      const sessions = reader.sessionCount();
      process = await startOperator(this.ctx, slot, storePath, logPath, dir);
      this.running.set(slot.number, process);
      notReady = await waitForSession(reader, process, this.ctx.readyTimeoutMs, sessions);
    }
    return { storePath, reader, process, logPath, since, notReady };
  }

  /** Frozen until its next trial, so it does not fight the reset of its slot. */
  async end(operator: TrialOperator): Promise<void> {
    operator.process?.pause();
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.running.values()].map((p) => p.stop()));
    this.running.clear();
    for (const store of this.stores) scrubTicketStore(store, (text) => this.ctx.redactor.redact(text));
  }
}

/** The user runs the operator; the harness only reads the store each slot's path names. */
export class ExternalOperators implements OperatorSupply {
  readonly kind = 'external';

  constructor(
    private readonly ctx: SupplyContext,
    private readonly storeTemplate: string,
  ) {}

  storePath(slot: number): string {
    return this.storeTemplate.replaceAll('{slot}', String(slot));
  }

  async begin(slot: Slot, _trialDir: string, baseline: boolean): Promise<TrialOperator | undefined> {
    if (baseline) return undefined;
    const storePath = this.storePath(slot.number);
    await mkdir(dirname(storePath), { recursive: true });
    createTicketStore(storePath);
    const reader = new TicketStoreReader(storePath);
    const notReady = await waitForSession(reader, undefined, this.ctx.readyTimeoutMs, 0);
    return { storePath, reader, process: undefined, logPath: undefined, since: Date.now(), notReady };
  }

  async end(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

/** Renames an existing store (with its WAL files) to tickets.attempt-N.db; returns the new name. */
async function setAsidePreviousStore(storePath: string): Promise<string | undefined> {
  if (!existsSync(storePath)) return undefined;
  let attempt = 1;
  while (existsSync(storePath.replace(/\.db$/, `.attempt-${attempt}.db`))) attempt++;
  const target = storePath.replace(/\.db$/, `.attempt-${attempt}.db`);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(storePath + suffix)) await rename(storePath + suffix, target + suffix);
  }
  return target;
}

async function startOperator(ctx: SupplyContext, slot: Slot, storePath: string, logPath: string, dir: string) {
  return OperatorProcess.start({
    variant: ctx.variant,
    env: operatorEnvironment(slot, ctx.campaignId, ctx.variant.file, storePath),
    logFile: logPath,
    pidFile: operatorPidFile(dir),
    redactor: ctx.redactor,
    logger: ctx.logger,
  });
}

/** Waits until the operator has opened a session; says why not when it did not. */
async function waitForSession(
  reader: TicketStoreReader,
  process: OperatorProcess | undefined,
  timeoutMs: number,
  sessionsBefore: number,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (reader.sessionCount() <= sessionsBefore) {
    const exit = process?.exit;
    if (exit) return `the operator exited before it opened a session (${describeExit(exit)})`;
    if (Date.now() >= deadline) return `the operator opened no session within ${timeoutMs / 1000} s`;
    await sleep(50);
  }
  return undefined;
}

export function describeExit(exit: { exitCode: number | undefined; signal: string | undefined }): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.exitCode ?? 'unknown'}`;
}
