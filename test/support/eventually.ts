import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls until `check` returns a value, or fails naming what never happened
 * and the last thing seen. The bound is generous: it is not a timing assertion.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; pollMs?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = options.describe ? await options.describe().catch(String) : String(lastError ?? '');
      throw new Error(`never happened: ${what}${seen ? `; last seen: ${seen}` : ''}`);
    }
    await sleep(options.pollMs ?? 250);
  }
}
