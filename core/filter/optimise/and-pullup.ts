/**
 * And pull-up (libpcap optimize.c and_pullup): in a chain of tests linked by true edges whose false
 * edges all go to one block ("t1 and t2 and …", and what `not` makes of an or), a later test of the
 * value the chain tested first moves up beside it. See pullup.ts for when a test may move and what
 * that does to short packets (as libpcap).
 */
import type { Pass } from './pass';
import { pullUp } from './pullup';

export const andPullup: Pass = {
  name: 'and-pullup',
  run: (g) => pullUp(g, 'jt'),
};
