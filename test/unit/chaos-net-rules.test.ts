import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addScript, dropRules, parseListing, removeScript } from '../../src/chaos/net-rules.ts';
import { parseDf, sizeLimit, writtenBytes } from '../../src/chaos/volume-fill.ts';

const rules = dropRules('ab12cd34', ['172.21.0.3'], ['172.21.0.3']);
const EMPTY = '-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT';
const APPLIED = `${EMPTY}
-N GAUNTLET-ab12cd34
-A INPUT -m comment --comment gauntlet -j GAUNTLET-ab12cd34
-A OUTPUT -m comment --comment gauntlet -j GAUNTLET-ab12cd34
-A GAUNTLET-ab12cd34 -s 172.21.0.3/32 -j DROP
-A GAUNTLET-ab12cd34 -d 172.21.0.3/32 -j DROP`;

describe('partition rules', () => {
  it('adds the chain and both jumps to a clean namespace', () => {
    assert.equal(
      addScript(rules, parseListing(EMPTY, rules.chain)),
      [
        '*filter',
        ':GAUNTLET-ab12cd34 - [0:0]',
        '-A GAUNTLET-ab12cd34 -s 172.21.0.3/32 -j DROP',
        '-A GAUNTLET-ab12cd34 -d 172.21.0.3/32 -j DROP',
        '-I INPUT -m comment --comment gauntlet -j GAUNTLET-ab12cd34',
        '-I OUTPUT -m comment --comment gauntlet -j GAUNTLET-ab12cd34',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('a retry refills the chain but adds no second jump', () => {
    const script = addScript(rules, parseListing(APPLIED, rules.chain));
    assert.doesNotMatch(script, /-I (INPUT|OUTPUT)/);
    assert.match(script, /^:GAUNTLET-ab12cd34 - \[0:0\]$/m);
  });

  it('removes every jump, duplicates included, then the chain', () => {
    const doubled = `${APPLIED}\n-A INPUT -m comment --comment gauntlet -j GAUNTLET-ab12cd34`;
    const script = removeScript(rules.chain, parseListing(doubled, rules.chain))!;
    assert.equal(script.match(/^-D INPUT /gm)?.length, 2);
    assert.match(script, /-F GAUNTLET-ab12cd34\n-X GAUNTLET-ab12cd34\nCOMMIT/);
  });

  it('has nothing to remove from a clean namespace, or from another injection\'s chain', () => {
    assert.equal(removeScript(rules.chain, parseListing(EMPTY, rules.chain)), undefined);
    assert.equal(removeScript('GAUNTLET-00000000', parseListing(APPLIED, 'GAUNTLET-00000000')), undefined);
  });
});

describe('bounded volumes', () => {
  it('reads an absolute size limit from the mount options', () => {
    assert.equal(sizeLimit({ type: 'tmpfs', device: 'tmpfs', o: 'size=256m' }), 256 * 1024 ** 2);
    assert.equal(sizeLimit({ o: 'uid=1,size=2g,mode=0755' }), 2 * 1024 ** 3);
    assert.equal(sizeLimit({ o: 'size=4096' }), 4096);
  });

  it('finds no limit in an unbounded or relative volume', () => {
    assert.equal(sizeLimit(null), undefined);
    assert.equal(sizeLimit({}), undefined);
    assert.equal(sizeLimit({ type: 'none', o: 'bind', device: '/srv' }), undefined);
    assert.equal(sizeLimit({ o: 'size=50%' }), undefined);
  });

  it('reads df -P -k', () => {
    const out = 'Filesystem           1024-blocks    Used Available Capacity Mounted on\ntmpfs                   262144    125032    137112  48% /data';
    assert.deepEqual(parseDf(out), { totalBytes: 262144 * 1024, usedBytes: 125032 * 1024 });
    assert.throws(() => parseDf('df: /nope: No such file or directory'), /unexpected df output/);
  });

  it('counts the bytes dd wrote from its records, also after "no space left"', () => {
    assert.equal(writtenBytes('5000+0 records in\n5000+0 records out'), 5000 * 4096);
    assert.equal(writtenBytes("dd: error writing '/target/g': No space left on device\n16385+0 records in\n16384+0 records out"), 16384 * 4096);
    assert.throws(() => writtenBytes('dd: can\'t open'), /no records/);
  });
});
