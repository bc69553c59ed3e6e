import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/log/logger.ts';
import { Redactor } from '../../src/operator/secrets.ts';
import { TicketStoreReader } from '../../src/operator/ticket-store.ts';
import { loadVariant } from '../../src/operator/variant.ts';
import type { Slot } from '../../src/pool/slot.ts';
import { PerTrialOperators } from '../../src/trial/operator-supply.ts';
import { TEST_VARIANTS_DIR } from '../support/trials.ts';

/** Just what the operator's environment is built from: no cluster behind it. */
const slot = {
  number: 1,
  subject: { name: 'etcd' },
  project: { name: 'etcd-eval-1', engine: { host: undefined } },
  client: { operatorEnv: () => ({ ETCD_ENDPOINTS: '' }) },
} as unknown as Slot;

describe('a trial run a second time in the same directory', () => {
  it("starts its operator on an empty ticket store and keeps the earlier attempt's beside it", async () => {
    const variant = await loadVariant('scripted-never', TEST_VARIANTS_DIR);
    const operators = new PerTrialOperators({ variant, campaignId: 'c1', redactor: new Redactor([]), readyTimeoutMs: 20_000, logger: silentLogger });
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-attempts-'));
    for (let attempt = 1; attempt <= 2; attempt++) {
      const operator = (await operators.begin(slot, dir, false))!;
      try {
        // the scripted operator logs one command right after it opens its session
        for (let i = 0; i < 100 && operator.reader.logEntries().length === 0; i++) await sleep(50);
        assert.equal(operator.reader.sessionCount(), 1, `attempt ${attempt} sees its own session only`);
        assert.equal(operator.reader.logEntries().length, 1, `attempt ${attempt} sees its own command only`);
      } finally {
        await operators.end(operator);
        operator.reader.close();
      }
    }
    assert.ok(existsSync(join(dir, 'tickets.attempt-1.db')));
    assert.ok(!existsSync(join(dir, 'tickets.attempt-2.db')));
    const earlier = new TicketStoreReader(join(dir, 'tickets.attempt-1.db'));
    assert.equal(earlier.logEntries().length, 1);
    earlier.close();
    assert.match(await readFile(join(dir, 'operator.log'), 'utf8'), /a new attempt; the earlier attempt's tickets are in tickets\.attempt-1\.db/);
  });
});
