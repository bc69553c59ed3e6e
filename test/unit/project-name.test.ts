import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planPorts } from '../../src/ports/port-plan.ts';
import { COMPOSE_PROJECT_NAME, normaliseProjectName, projectName, projectNameProblems } from '../../src/ports/project-name.ts';

describe('project names', () => {
  const cases: Array<[string, string]> = [
    ['etcd', 'etcd'],
    ['tikv', 'tikv'],
    ['TiKV', 'tikv'],
    ['TiKV Cluster', 'tikv-cluster'],
    ['my.subject', 'my-subject'],
    ['a  //  b', 'a-b'],
    ['_private', 'private'],
    ['-dash-', 'dash'],
    ['Über_etcd', 'uber_etcd'],
    ['etcd-3.4', 'etcd-3-4'],
  ];
  for (const [name, expected] of cases) {
    it(`normalises ${JSON.stringify(name)} to ${expected}`, () => {
      assert.equal(normaliseProjectName(name), expected);
      assert.match(projectName(name, 0), COMPOSE_PROJECT_NAME);
      assert.equal(projectName(name, 3), `${expected}-eval-3`);
    });
  }

  it('keeps the plain name for slot 0 and subject-eval-N for slot N', () => {
    assert.equal(projectName('tikv', 0), 'tikv');
    assert.equal(projectName('tikv', 4), 'tikv-eval-4');
  });

  it('refuses a name with no letter or digit', () => {
    const [problem] = planPorts('***', [{ service: 's', name: 'p', variable: 'P', base: 1000 }], [0]).problems;
    assert.match(problem!, /subject name "\*\*\*" gives no valid Compose project name for slot 0 \(got ""\)/);
  });

  it('refuses two names that normalise to one project, naming both', () => {
    const problems = projectNameProblems([
      { subject: 'TiKV', slot: 0, project: projectName('TiKV', 0) },
      { subject: 'tikv', slot: 0, project: projectName('tikv', 0) },
    ]);
    assert.deepEqual(problems, ['subject "tikv" slot 0 and subject "TiKV" slot 0 would both be Compose project tikv; rename one of them']);
  });

  it("refuses a subject named like another subject's slot", () => {
    const problems = projectNameProblems([
      { subject: 'etcd', slot: 1, project: projectName('etcd', 1) },
      { subject: 'etcd-eval-1', slot: 0, project: projectName('etcd-eval-1', 0) },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /would both be Compose project etcd-eval-1/);
  });
});
