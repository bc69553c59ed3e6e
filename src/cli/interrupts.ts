import type { Logger } from '../log/logger.ts';
import type { PoolStats } from '../pool/subject-pool.ts';

export interface InterruptSignals {
  /** Aborted on the first SIGINT/SIGTERM: finish cleanly. */
  signal: AbortSignal;
  /** Aborted on the second: stop waiting, but still take projects down. */
  hurry: AbortSignal;
  dispose(): void;
}

export function interruptSignals(logger: Logger): InterruptSignals {
  const first = new AbortController();
  const second = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!first.signal.aborted) {
      logger.warn(`${name}: stopping; running trials clean up, then every project is taken down (again to hurry)`);
      first.abort(new Error(`interrupted by ${name}`));
    } else if (!second.signal.aborted) {
      logger.warn(`${name} again: not waiting for running trials; taking projects down now`);
      second.abort(new Error(`interrupted twice by ${name}`));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: first.signal,
    hurry: second.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** What the pools did with their projects at the end: taken down, kept, or failed to go. */
export function shutdownReport(stats: readonly PoolStats[], campaignId: string): string {
  const takenDown = stats.flatMap((s) => s.takenDown);
  const kept = stats.flatMap((s) => s.kept);
  const lines: string[] = [];
  if (takenDown.length > 0) lines.push(`Took down ${takenDown.length} slot project(s): ${takenDown.join(', ')}.`);
  if (kept.length > 0) {
    lines.push(`Kept ${kept.length} slot project(s) running: ${kept.join(', ')}; remove them with: gauntlet pool down --campaign ${campaignId}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}
