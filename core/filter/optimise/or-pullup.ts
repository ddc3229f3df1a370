/**
 * Or pull-up (libpcap optimize.c or_pullup): in a chain of tests linked by false edges whose true
 * edges all go to one block ("t1 or t2 or …"), a later test of the value the chain tested first
 * moves up beside it, so `port 80 or port 443` loads each port once. See pullup.ts for when a test
 * may move and what that does to short packets (as libpcap).
 */
import type { Pass } from './pass';
import { pullUp } from './pullup';

export const orPullup: Pass = {
  name: 'or-pullup',
  run: (g) => pullUp(g, 'jf'),
};
