import { DockerEngine } from '../engine/docker-engine.ts';
import type { Logger } from '../log/logger.ts';
import { EtcdProbe } from '../operator/runbook/etcd-probe.ts';
import type { RunbookProbe } from '../operator/runbook/probe.ts';
import { TikvProbe } from '../operator/runbook/tikv-probe.ts';
import { runRunbookOperator } from '../operator/runbook/runbook-operator.ts';
import { ExitError } from '../exit-error.ts';

const PROBES: Record<string, (env: NodeJS.ProcessEnv) => RunbookProbe> = {
  etcd: (env) => EtcdProbe.fromEnv(env),
  tikv: (env) => TikvProbe.fromEnv(env),
};

/** The reference runbook operator, configured entirely by the operator protocol's environment. */
export async function operatorCommand(logger: Logger): Promise<number> {
  const env = process.env;
  const missing = ['COMPOSE_PROJECT_NAME', 'OPERATOR_DB_PATH', 'GAUNTLET_SUBJECT'].filter((k) => !env[k]);
  if (missing.length > 0) throw new ExitError(`the operator needs ${missing.join(', ')} in its environment`, 2);
  const makeProbe = PROBES[env.GAUNTLET_SUBJECT!];
  if (!makeProbe) throw new ExitError(`the runbook operator does not know subject ${env.GAUNTLET_SUBJECT}`, 2);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await runRunbookOperator({
    project: env.COMPOSE_PROJECT_NAME!,
    storePath: env.OPERATOR_DB_PATH!,
    probe: makeProbe(env),
    engine: new DockerEngine({ logger: logger.child('docker') }),
    logger,
    signal: stop.signal,
  });
  return 0;
}
