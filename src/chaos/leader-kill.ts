import { killChaos, leaderContainer } from './node-kill.ts';

/** Kills the member the subject reports as leader at planning time. */
export const leaderKill = killChaos(
  'leader_kill',
  "Kill the current leader's container (SIGKILL by default); it stays down until started again.",
  leaderContainer,
);
