import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { openJournalWarning, undoOpenJournal } from '../../src/chaos/undo-journal.ts';
import { ResultsDb } from '../../src/store/results-db.ts';
import { requireEngine, tempDir, testLogger } from '../support/docker.ts';

function journal(db: ResultsDb, chaosType: string, metadata: unknown): number {
  return db.journalPlanned({
    campaign_id: 'journal-test',
    trial_id: null,
    subject: 'etcd',
    project: 'etcd-eval-32',
    engine_host: null,
    chaos_type: chaosType,
    metadata_json: JSON.stringify(metadata),
  });
}

const target = { service: 'etcd0', containerId: 'f'.repeat(64), containerName: 'gone' };

describe('the chaos journal', () => {
  before(requireEngine);

  it('warns about open entries and names the cleanup command', async () => {
    const path = join(await tempDir('journal'), 'eval.db');
    const db = new ResultsDb(path);
    assert.equal(openJournalWarning(db, path), undefined);
    const id = journal(db, 'process_pause', { type: 'process_pause', target });
    journal(db, 'network_partition', { type: 'network_partition', target });
    db.journalCleaned(id);
    const warning = openJournalWarning(db, path)!;
    assert.match(warning, /has 1 chaos injection\(s\) that were never cleaned up \(network_partition in etcd-eval-32\)/);
    assert.ok(warning.includes(`gauntlet cleanup --db ${path}`));
    db.close();
  });

  it('undoes newest first; a failed cleanup is recorded and does not stop the others', async () => {
    const db = new ResultsDb(join(await tempDir('journal'), 'eval.db'));
    journal(db, 'process_pause', { type: 'process_pause', target });
    journal(db, 'no_such_chaos', { type: 'no_such_chaos', target });
    journal(db, 'disk_pressure', { type: 'disk_pressure', target, volume: 'etcd-eval-32_gone-volume', fileInVolume: 'gauntlet-fill-x' });
    const outcomes = await undoOpenJournal(db, testLogger('journal'));
    assert.deepEqual(
      outcomes.map((o) => [o.chaosType, o.cleaned]),
      [['disk_pressure', true], ['no_such_chaos', false], ['process_pause', true]],
    );
    assert.match(outcomes[1]!.error!, /unknown chaos type no_such_chaos/);
    assert.deepEqual(db.openJournal().map((e) => [e.chaos_type, e.state]), [['no_such_chaos', 'cleanup_failed']]);
    db.close();
  });
});
