import type { PortSpec } from '../subject.ts';

/**
 * The host ports a TiKV slot publishes: one PD, one TiKV (server and status)
 * and the monitoring stack. The Compose file publishes each as
 * `${VARIABLE:-base}`; slot N moves every one by N * port_stride.
 */
export const TIKV_PORTS: PortSpec[] = [
  { service: 'pd0', name: 'PD', variable: 'PD_HOST_PORT', base: 2379 },
  { service: 'tikv0', name: 'TiKV', variable: 'TIKV_HOST_PORT', base: 20160 },
  { service: 'tikv0', name: 'TiKV status', variable: 'TIKV_STATUS_HOST_PORT', base: 20180 },
  { service: 'prometheus', name: 'Prometheus', variable: 'PROM_HOST_PORT', base: 9090 },
  { service: 'grafana', name: 'Grafana', variable: 'GRAFANA_HOST_PORT', base: 3000 },
];
