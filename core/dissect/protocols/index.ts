/**
 * Every protocol this package dissects, in registration order (heuristics are tried in this order).
 * Add a protocol to the list file of its layer (docs/CODE.md).
 */
import type { Protocol } from '../protocol';
import { frame } from '../frame';
import { ws } from '../expert-fields';
import { data } from './data';
import { APPLICATION_PROTOCOLS } from './list-applications';
import { LINK_PROTOCOLS } from './list-link';
import { NETWORK_PROTOCOLS } from './list-network';
import { SERVICE_PROTOCOLS } from './list-services';
import { TRANSPORT_PROTOCOLS } from './list-transport';

export const PROTOCOLS: readonly Protocol[] = [
  frame,
  ws,
  data,
  ...LINK_PROTOCOLS,
  ...NETWORK_PROTOCOLS,
  ...TRANSPORT_PROTOCOLS,
  ...SERVICE_PROTOCOLS,
  ...APPLICATION_PROTOCOLS,
];
