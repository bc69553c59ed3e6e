import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { createTicketStore, parseStoreTime, scrubTicketStore, TicketStoreReader, TicketStoreWriter } from '../../src/operator/ticket-store.ts';
import { pollTicket, watchTickets } from '../../src/trial/watch-tickets.ts';
import { PhaseClock } from '../../src/trial/phases.ts';
import type { TrialResult } from '../../src/store/results-db.ts';

describe('ticket store', () => {
  it('parses timestamps without an offset as UTC', () => {
    assert.equal(parseStoreTime('2026-01-02 03:04:05'), Date.UTC(2026, 0, 2, 3, 4, 5));
    assert.equal(parseStoreTime('2026-01-02T03:04:05.250'), Date.UTC(2026, 0, 2, 3, 4, 5, 250));
    assert.equal(parseStoreTime('2026-01-02T05:04:05+02:00'), Date.UTC(2026, 0, 2, 3, 4, 5));
    assert.equal(parseStoreTime('2026-01-02T03:04:05Z'), Date.UTC(2026, 0, 2, 3, 4, 5));
    assert.equal(parseStoreTime('not a time'), undefined);
    assert.equal(parseStoreTime(null), undefined);
  });

  it('lets the harness read what the operator writes while the operator keeps writing', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gauntlet-store-')), 'tickets.db');
    createTicketStore(path);
    const writer = new TicketStoreWriter(path, { variant: 'test' });
    const reader = new TicketStoreReader(path);
    assert.equal(reader.sessionCount(), 1);
    const id = writer.openTicket('etcd1 down');
    assert.equal(reader.tickets()[0]!.status, 'open');
    writer.logCommand({ toolName: 'docker', params: 'start etcd1', exitCode: 0 });
    writer.resolveTicket(id);
    const [ticket] = reader.tickets();
    assert.equal(ticket!.status, 'resolved');
    assert.ok(ticket!.resolvedAt! >= ticket!.firstSeenAt);
    assert.deepEqual(reader.logEntries().map((e) => e.toolParams), ['start etcd1']);
    writer.close();
    reader.close();
  });

  it('reads a ticket written by another client with a naive timestamp as UTC', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gauntlet-store-')), 'tickets.db');
    createTicketStore(path);
    const other = new Database(path);
    other.prepare("INSERT INTO tickets (first_seen_at, status, summary) VALUES ('2026-05-01 12:00:00', 'open', 'x')").run();
    other.close();
    const reader = new TicketStoreReader(path);
    assert.equal(reader.tickets()[0]!.firstSeenAt, Date.UTC(2026, 4, 1, 12));
    reader.close();
  });

  it('scrubs a secret from every table, leaving no copy in the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gauntlet-store-')), 'tickets.db');
    createTicketStore(path);
    const writer = new TicketStoreWriter(path, { variant: 'test' });
    writer.openTicket('down; key sk-secret-123456');
    writer.logCommand({ toolName: 'curl', params: '-H "Bearer sk-secret-123456"', exitCode: 0, output: 'sk-secret-123456' });
    writer.close();
    scrubTicketStore(path, (text) => text.replaceAll('sk-secret-123456', '[redacted]'));
    assert.ok(!readFileSync(path).includes('sk-secret-123456'));
    const reader = new TicketStoreReader(path);
    assert.equal(reader.tickets()[0]!.summary, 'down; key [redacted]');
    assert.equal(reader.logEntries()[0]!.toolParams, '-H "Bearer [redacted]"');
    reader.close();
  });

  it('sees a ticket committed between two polls: no snapshot is held open', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gauntlet-store-')), 'tickets.db');
    createTicketStore(path);
    const reader = new TicketStoreReader(path);
    const writer = new TicketStoreWriter(path);
    assert.deepEqual(reader.tickets(), []);
    const start = Date.now();
    setTimeout(() => writer.openTicket('late'), 150);
    const seen = await pollTicket(reader, (t) => t.summary === 'late', start + 10_000, () => false);
    assert.equal(seen?.ticket.summary, 'late');
    writer.close();
    reader.close();
  });

  it('counts only tickets opened after the injection, and never a detection before it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gauntlet-store-')), 'tickets.db');
    createTicketStore(path);
    const writer = new TicketStoreWriter(path);
    const reader = new TicketStoreReader(path);
    writer.resolveTicket(writer.openTicket('noise before the injection'));
    const injectedAt = Date.now();
    const lastTicketBefore = reader.lastTicketId();
    const backdated = new Date(injectedAt - 3_000).toISOString();
    writer.resolveTicket(writer.openTicket('real incident', backdated));
    const result: TrialResult = {};
    const notes: string[] = [];
    const watch = { reader, injectedAt, lastTicketBefore, detectDeadline: injectedAt + 5_000, resolveDeadline: injectedAt + 5_000, stopWaiting: () => false };
    assert.deepEqual(await watchTickets(watch, new PhaseClock(), result, notes), { detected: true, resolved: true });
    assert.ok(result.time_to_detect_ms! >= 0);
    assert.equal(result.detected_at, result.detection_seen_at);
    assert.match(notes[0]!, /^ticket 2 opened after the injection but dated 3\.0 s before it/);
    writer.close();
    reader.close();
  });
});
