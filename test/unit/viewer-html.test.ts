import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, jsonData } from '../../src/viewer/html.ts';
import { diffStates } from '../../src/viewer/state-diff.ts';

describe('viewer markup', () => {
  it('escapes every interpolated value, including inside arrays, but not literal markup', () => {
    const command = `docker exec etcd0 sh -c '<script>alert("x")</script>' & echo`;
    const out = html`<td class="a">${command}</td>${[command, html`<b>${'<i>'}</b>`]}`.value;
    assert.equal(
      out,
      '<td class="a">docker exec etcd0 sh -c &#39;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; echo</td>' +
        'docker exec etcd0 sh -c &#39;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; echo<b>&lt;i&gt;</b>',
    );
    assert.equal(escapeHtml(`"'<>&`), '&quot;&#39;&lt;&gt;&amp;');
  });

  it('drops null, undefined and false, and prints numbers', () => {
    assert.equal(html`${null}|${undefined}|${false}|${0}|${42}`.value, '|||0|42');
  });

  it('keeps data for scripts inert: no string can close its script element', () => {
    const out = jsonData('d', { command: '</script><script>alert(1)</script>', sep: '\u2028' }).value;
    assert.equal(out.match(/<\/script>/g)?.length, 1, 'only the closing tag of the data element itself');
    assert.ok(out.startsWith('<script type="application/json" id="d">'));
    const json = out.slice(out.indexOf('>') + 1, out.lastIndexOf('</script>'));
    assert.deepEqual(JSON.parse(json), { command: '</script><script>alert(1)</script>', sep: '\u2028' });
  });
});

describe('state diff', () => {
  it('pairs leaves by path and marks what changed, appeared and disappeared', () => {
    const before = { health: { healthy: true, problems: [] }, members: [{ name: 'etcd0', up: true }, { name: 'etcd1', up: true }] };
    const after = { health: { healthy: false, problems: ['etcd1 down'] }, members: [{ name: 'etcd0', up: true }] };
    assert.deepEqual(diffStates(before, after), [
      { path: 'health.healthy', before: 'true', after: 'false', change: 'changed' },
      { path: 'health.problems', before: '[]', after: undefined, change: 'removed' },
      { path: 'members[0].name', before: '"etcd0"', after: '"etcd0"', change: 'same' },
      { path: 'members[0].up', before: 'true', after: 'true', change: 'same' },
      { path: 'members[1].name', before: '"etcd1"', after: undefined, change: 'removed' },
      { path: 'members[1].up', before: 'true', after: undefined, change: 'removed' },
      { path: 'health.problems[0]', before: undefined, after: '"etcd1 down"', change: 'added' },
    ]);
  });

  it('compares a missing capture with a present one', () => {
    assert.deepEqual(diffStates(null, { a: 1 }), [
      { path: '(value)', before: 'null', after: undefined, change: 'removed' },
      { path: 'a', before: undefined, after: '1', change: 'added' },
    ]);
  });
});
