import { createLogger } from '../../log/logger.ts';
import { repoPath } from '../../paths.ts';
import type { ImageSpec, SubjectDefinition } from '../subject.ts';
import { TIKV_SERVICES, TikvClient } from './tikv-client.ts';
import { TIKV_PORTS } from './tikv-ports.ts';

/** The official images by default; each can be replaced through its variable. */
export const TIKV_IMAGES: ImageSpec[] = [
  officialImage('PD_IMAGE', 'pingcap/pd:v8.5.0'),
  officialImage('TIKV_IMAGE', 'pingcap/tikv:v8.5.0'),
  officialImage('PROMETHEUS_IMAGE', 'prom/prometheus:v2.53.0'),
  officialImage('GRAFANA_IMAGE', 'grafana/grafana:11.3.0'),
];

/**
 * Catalogue chaos picks among the TiKV stores (the member services); the PD
 * leader, partitions that include PD and leader placement have their own types.
 */
export const TIKV_SUBJECT_CHAOS = [
  'node_kill',
  'pd_leader_kill',
  'process_pause',
  'network_partition',
  'store_partition',
  'disk_pressure',
  'latency',
  'packet_loss',
  'leader_concentration',
];

export const tikvSubject: SubjectDefinition = {
  name: 'tikv',
  composeFile: repoPath('subjects', 'tikv', 'docker-compose.yaml'),
  ports: TIKV_PORTS,
  images: TIKV_IMAGES,
  memberServices: [...TIKV_SERVICES],
  oneShotServices: [],
  chaosTypes: TIKV_SUBJECT_CHAOS,
  connect: (ports, project) => new TikvClient(ports, project, createLogger(`tikv:${project.name}`)),
};

function officialImage(variable: string, image: string): ImageSpec {
  return {
    variable,
    candidates: [image],
    howToGet:
      `the official image is missing and Gauntlet does not pull images; run subjects/tikv/pull-images.sh ` +
      `where Docker Hub answers. With no registry it cannot be pulled (nor built from distribution ` +
      `packages): \`docker save ${image}\` elsewhere and \`docker load\` it here, or set ${variable}`,
  };
}
