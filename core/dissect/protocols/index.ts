/** Every protocol this package dissects, in registration order. Add a protocol here (docs/CODE.md). */
import type { Protocol } from '../protocol';
import { frame } from '../frame';
import { ws } from '../expert-fields';
import { arp } from './arp';
import { data } from './data';
import { eth } from './eth';
import { icmp } from './icmp';
import { icmpv6 } from './icmpv6';
import { ip } from './ip';
import { ipv6 } from './ipv6';
import { nullLoopback } from './null';
import { raw } from './raw';
import { sll } from './sll';
import { tcp } from './tcp';
import { udp } from './udp';
import { vlan } from './vlan';

export const PROTOCOLS: readonly Protocol[] = [frame, ws, data, eth, vlan, sll, nullLoopback, raw, arp, ip, ipv6, icmp, icmpv6, tcp, udp];
