import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkComposeFile, checkComposeText } from '../../src/compose/compose-file-check.ts';
import { SUBJECTS } from '../../src/subjects/registry.ts';
import type { PortSpec } from '../../src/subjects/subject.ts';

const PD: PortSpec = { service: 'pd0', name: 'PD', variable: 'PD_HOST_PORT', base: 2379 };

const cases: Array<{ name: string; yaml: string; problems: Array<{ line?: number; path: string; parts: string[] }> }> = [
  {
    name: 'a literal container_name, naming the service',
    yaml: 'services:\n  pd0:\n    image: pd\n    container_name: pd0\n    ports: ["${PD_HOST_PORT:-2379}:2379"]\n',
    problems: [{ line: 4, path: 'services.pd0.container_name', parts: ['service pd0 has a fixed container name "pd0"', 'breaks isolation between slots'] }],
  },
  {
    name: 'a container_name that comes from a merged anchor',
    yaml: 'x-base: &base\n  container_name: shared\nservices:\n  pd0:\n    <<: *base\n    ports: ["${PD_HOST_PORT:-2379}:2379"]\n',
    problems: [{ path: 'services.pd0.container_name', parts: ['service pd0 has a fixed container name "shared"'] }],
  },
  {
    name: 'a literal host port',
    yaml: 'services:\n  pd0:\n    ports:\n      - "${PD_HOST_PORT:-2379}:2379"\n      - "127.0.0.1:2380:2380"\n',
    problems: [{ line: 5, path: 'services.pd0.ports.1', parts: ['service pd0 publishes the literal host port 2380', 'every slot would claim it'] }],
  },
  {
    name: 'a literal host port in the long syntax',
    yaml: 'services:\n  pd0:\n    ports:\n      - "${PD_HOST_PORT:-2379}:2379"\n      - {target: 2380, published: 2380}\n',
    problems: [{ line: 5, path: 'services.pd0.ports.1', parts: ['literal host port 2380'] }],
  },
  {
    name: 'a port variable the file never reads',
    yaml: 'services:\n  pd0:\n    ports: ["${PD_PORT:-2379}:2379"]\n',
    problems: [{ path: 'services.pd0.ports', parts: ['${PD_HOST_PORT}', 'never uses that variable'] }],
  },
];

describe('compose file check', () => {
  for (const c of cases) {
    it(`refuses ${c.name}`, () => {
      const problems = checkComposeText(c.yaml, 'compose.yaml', [PD]);
      assert.equal(problems.length, c.problems.length, JSON.stringify(problems));
      c.problems.forEach((expected, i) => {
        const actual = problems[i]!;
        assert.equal(actual.file, 'compose.yaml');
        assert.equal(actual.path, expected.path);
        if (expected.line !== undefined) assert.equal(actual.line, expected.line);
        for (const part of expected.parts) assert.ok(actual.message.includes(part), `${JSON.stringify(part)} in ${actual.message}`);
      });
    });
  }

  it('accepts variables for the bind address and the host port, and container-only ports', () => {
    const yaml = 'services:\n  pd0:\n    ports:\n      - "${GAUNTLET_BIND_ADDRESS:-127.0.0.1}:${PD_HOST_PORT:-2379}:2379"\n      - "2380"\n      - 2381\n';
    assert.deepEqual(checkComposeText(yaml, 'compose.yaml', [PD]), []);
    assert.deepEqual(checkComposeText('services:\n  pd0:\n    ports: ["$PD_HOST_PORT:2379"]\n', 'compose.yaml', [PD]), []);
  });

  for (const subject of SUBJECTS.values()) {
    it(`accepts the ${subject.name} subject's own Compose file`, async () => {
      assert.deepEqual(await checkComposeFile(subject.composeFile, subject.ports), []);
    });
  }
});
