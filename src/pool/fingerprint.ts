import { isDeepStrictEqual } from 'node:util';
import type { Slot } from './slot.ts';

export interface FingerprintCheck {
  clean: boolean;
  detail: string;
}

/**
 * Compares a slot's fingerprint with the one it had when freshly created.
 * Subjects without a fingerprint, and the first check of a slot (which sets
 * the reference right after a fresh start), count as clean.
 */
export async function checkFingerprint(slot: Slot, signal?: AbortSignal): Promise<FingerprintCheck> {
  if (!slot.client.fingerprint) return { clean: true, detail: 'no fingerprint for this subject' };
  const current = await slot.client.fingerprint(signal);
  if (!slot.reference) {
    slot.reference = current;
    return { clean: true, detail: 'reference taken' };
  }
  if (isDeepStrictEqual(current, slot.reference)) return { clean: true, detail: 'matches a fresh cluster' };
  return {
    clean: false,
    detail: `fingerprint ${JSON.stringify(current)} differs from a fresh cluster's ${JSON.stringify(slot.reference)}`,
  };
}
