import type { Logger } from '../log/logger.ts';

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
