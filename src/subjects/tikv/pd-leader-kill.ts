import { killChaos, leaderContainer } from '../../chaos/node-kill.ts';

/** Kills the PD member that currently leads (the TiKV client reports PD's leader). */
export const pdLeaderKill = killChaos(
  'pd_leader_kill',
  'Kill the container of the current PD leader (SIGKILL by default); it stays down until started again.',
  leaderContainer,
);
