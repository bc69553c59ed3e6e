import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyCommand, commandTotals, thrashingEpisodes } from '../../src/analysis/commands.ts';
import { fakeTrial } from '../fixtures/analysis/trials.ts';

const faulty = ['etcd1', 'abc123def456', 'etcd-eval-50-etcd1-1'];
const cmd = (toolName: string, toolParams: string, timestamp = 0) => ({ toolName, toolParams, timestamp, exitCode: 0 });

describe('rule-based command categories', () => {
  const cases: Array<[string, string, string, string]> = [
    ['docker', 'start etcd-eval-50-etcd1-1', 'remediation', 'start-member'],
    ['docker', 'unpause etcd-eval-50-etcd1-1', 'remediation', 'start-member'],
    ['docker', 'restart -t 2 etcd-eval-50-etcd1-1', 'remediation', 'start-member'],
    ['docker', 'stop etcd-eval-50-etcd1-1', 'remediation', 'restart-faulty-member'],
    ['docker', 'kill etcd-eval-50-etcd0-1', 'destructive', 'stop-healthy-member'],
    ['docker', 'pause etcd-eval-50-etcd2-1', 'destructive', 'stop-healthy-member'],
    ['docker', 'volume rm etcd-eval-50_etcd1-data', 'destructive', 'delete-volume'],
    ['docker-compose', '-p etcd-eval-50 down -v', 'destructive', 'delete-volume'],
    ['docker', 'rm -f etcd-eval-50-etcd1-1', 'destructive', 'remove-container'],
    ['sh', 'rm -rf /var/lib/etcd/member', 'destructive', 'delete-data-dir'],
    ['etcdctl', 'member remove 8e9e05c52164694d', 'destructive', 'remove-member'],
    ['etcd', '--force-new-cluster --data-dir /etcd-data', 'destructive', 'unsafe-recovery'],
    ['tikv-ctl', 'unsafe-recover remove-fail-stores -s 4', 'destructive', 'unsafe-recovery'],
    ['git', 'push --force', 'destructive', 'force-flag'],
    ['iptables', '-D INPUT -s 172.20.0.3 -j DROP', 'remediation', 'heal-network'],
    ['etcdctl', 'alarm disarm', 'remediation', 'repair-cluster'],
    ['docker', 'ps -a', 'diagnostic', 'inspect'],
    ['docker', 'logs -f --tail 50 etcd-eval-50-etcd0-1', 'diagnostic', 'inspect'],
    ['etcdctl', 'endpoint health --cluster', 'diagnostic', 'inspect'],
    ['curl', '-s http://127.0.0.1:52379/health', 'diagnostic', 'inspect'],
    ['echo', 'hello', 'other', 'unmatched'],
  ];
  for (const [tool, params, category, rule] of cases) {
    it(`${tool} ${params} is ${category} (${rule})`, () => {
      const c = classifyCommand(cmd(tool, params), faulty);
      assert.equal(c.category, category);
      assert.equal(c.rule, rule);
      assert.ok(c.why.length > 0);
    });
  }
});

describe('thrashing', () => {
  it('finds the same command three times within 60 s, once per run of repeats', () => {
    const log = [0, 10_000, 20_000, 30_000, 200_000, 210_000].map((t) => cmd('docker', 'start x', t));
    assert.deepEqual(thrashingEpisodes(log), [{ text: 'docker start x', count: 4, firstAt: 0, lastAt: 30_000 }]);
  });

  it('does not count three repeats spread over more than 60 s, or different commands', () => {
    assert.deepEqual(thrashingEpisodes([0, 40_000, 80_000].map((t) => cmd('docker', 'start x', t))), []);
    assert.deepEqual(thrashingEpisodes([cmd('docker', 'start x'), cmd('docker', 'start y'), cmd('docker', 'start z')]), []);
  });
});

describe('command totals of trials', () => {
  it('counts total, unique, destructive, failed and thrashing', () => {
    const commands = [
      cmd('docker', 'ps', 0),
      cmd('docker', 'start etcd-eval-50-etcd1-1', 1_000),
      cmd('docker', 'start etcd-eval-50-etcd1-1', 9_000),
      { ...cmd('docker', 'start etcd-eval-50-etcd1-1', 17_000), exitCode: 1 },
      cmd('docker', 'kill etcd-eval-50-etcd0-1', 20_000),
    ];
    const totals = commandTotals([fakeTrial(0, { commands_json: JSON.stringify(commands) }), fakeTrial(1, { commands_json: '{"error":"locked"}' })]);
    assert.deepEqual(totals, {
      total: 5,
      unique: 3,
      failed: 1,
      byCategory: { diagnostic: 1, remediation: 3, destructive: 1, other: 0 },
      destructive: 1,
      thrashing: 1,
    });
  });
});
