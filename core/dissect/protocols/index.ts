/** Every protocol this package dissects, in registration order. Add a protocol here (docs/CODE.md). */
import type { Protocol } from '../protocol';
import { frame } from '../frame';
import { ws } from '../ws';
import { data } from './data';
import { eth } from './eth';
import { ip } from './ip';
import { tcp } from './tcp';
import { udp } from './udp';

export const PROTOCOLS: readonly Protocol[] = [frame, ws, data, eth, ip, tcp, udp];
