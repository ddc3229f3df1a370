/** Transport protocols (TCP, UDP, SCTP). */
import type { Protocol } from '../protocol';
import { sctp } from './sctp';
import { tcp } from './tcp';
import { udp } from './udp';

export const TRANSPORT_PROTOCOLS: readonly Protocol[] = [tcp, udp, sctp];
