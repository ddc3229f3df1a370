/**
 * Syslog (RFC 3164) on UDP port 514. Wireshark: packet-syslog.c. `<PRI>` gives facility and level; the
 * rest is the message, whose BSD header (timestamp, hostname, tag) Wireshark splits out when the message
 * starts with an RFC 3164 timestamp. Info is `FACILITY.LEVEL: message`, control characters escaped.
 */
import type { Item } from '../context';
import { defineProtocol } from '../protocol';

const FACILITIES = [
  'KERN - kernel messages', 'USER - random user-level messages', 'MAIL - mail system', 'DAEMON - system daemons',
  'AUTH - security/authorization messages', 'SYSLOG - messages generated internally by syslogd', 'LPR - line printer subsystem',
  'NEWS - network news subsystem', 'UUCP - UUCP subsystem', 'CRON - clock daemon (BSD, Linux)',
  'AUTHPRIV - security/authorization messages (private)', 'FTP - ftp daemon', 'NTP - ntp subsystem', 'LOGAUDIT - log audit',
  'LOGALERT - log alert', 'CRON - clock daemon (Solaris)', 'LOCAL0 - reserved for local use', 'LOCAL1 - reserved for local use',
  'LOCAL2 - reserved for local use', 'LOCAL3 - reserved for local use', 'LOCAL4 - reserved for local use',
  'LOCAL5 - reserved for local use', 'LOCAL6 - reserved for local use', 'LOCAL7 - reserved for local use',
];
const SHORT_FACILITIES = [
  'KERN', 'USER', 'MAIL', 'DAEMON', 'AUTH', 'SYSLOG', 'LPR', 'NEWS', 'UUCP', 'CRON', 'AUTHPRIV', 'FTP', 'NTP', 'AUDIT', 'ALERT', 'CRON2',
  'LOCAL0', 'LOCAL1', 'LOCAL2', 'LOCAL3', 'LOCAL4', 'LOCAL5', 'LOCAL6', 'LOCAL7',
];
const LEVELS = [
  'EMERG - system is unusable', 'ALERT - action must be taken immediately', 'CRIT - critical conditions', 'ERR - error conditions',
  'WARNING - warning conditions', 'NOTICE - normal but significant condition', 'INFO - informational', 'DEBUG - debug-level messages',
];
const SHORT_LEVELS = ['EMERG', 'ALERT', 'CRIT', 'ERR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];
const table = (names: readonly string[]) => Object.fromEntries(names.map((n, i) => [i, n]));
/** The longest `<PRI>` (`<191>`). */
const MAX_PRI = 5;
const RFC3164_TIME = /^[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} /;

/** Text as Wireshark's format_text shows it in columns: C escapes, other control bytes as octal. */
export function formatText(bytes: Uint8Array): string {
  const esc: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 92: '\\\\' };
  let out = '';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 92) out += String.fromCharCode(b);
    else out += esc[b] ?? '\\' + b.toString(8).padStart(3, '0');
  }
  return out;
}

export const syslog = defineProtocol({
  abbrev: 'syslog',
  name: 'Syslog message',
  short: 'Syslog',
  registersIn: [['udp.port', 514]],
  fields: {
    'syslog.facility': { name: 'Facility', type: 'uint8', mask: 0x3f8, bitWidth: 8, strings: table(FACILITIES) },
    'syslog.level': { name: 'Level', type: 'uint8', mask: 0x7, strings: table(LEVELS) },
    'syslog.msg': { name: 'Message', type: 'string' },
    'syslog.timestamp_rfc3164': { name: 'Syslog timestamp (RFC3164)', type: 'string' },
    'syslog.hostname': { name: 'Syslog hostname', type: 'string' },
    'syslog.procid': { name: 'Syslog process id', type: 'string' },
    'syslog.msgid': { name: 'Syslog message id', type: 'string' },
  },
  dissect(view, ctx) {
    const bytes = view.slice(0, view.length);
    let pri = -1;
    let at = 0;
    if (bytes[0] === 0x3c) {
      const close = bytes.subarray(0, MAX_PRI + 1).indexOf(0x3e);
      const digits = close > 1 ? String.fromCharCode(...bytes.subarray(1, close)) : '';
      if (/^[0-9]+$/.test(digits) && Number(digits) <= 191) {
        pri = Number(digits);
        at = close + 1;
      }
    }
    const rest = bytes.subarray(at);
    const text = formatText(rest);
    const fac = pri >> 3;
    const lev = pri & 7;
    ctx.cols.info = pri >= 0 ? `${SHORT_FACILITIES[fac]}.${SHORT_LEVELS[lev]}: ${text}` : text;
    if (!ctx.building) return view.length;
    const t = ctx.layer;
    t.setLabel(`Syslog message: ${ctx.cols.info}`);
    if (pri >= 0) {
      const label = (mask: number, bits: string, name: string, value: number) => `${bits} = ${name}: ${[FACILITIES, LEVELS][mask]?.[value] ?? ''} (${value})`;
      t.add('syslog.facility', 1, at - 2, fac, label(0, `${(fac >> 1).toString(2).padStart(4, '0')} ${fac & 1}...`, 'Facility', fac));
      t.add('syslog.level', 1, at - 2, lev, label(1, `.... .${lev.toString(2).padStart(3, '0')}`, 'Level', lev));
    }
    let end = rest.indexOf(0);
    if (end < 0) end = rest.length;
    const msgBytes = rest.subarray(0, end);
    const msg = t.add('syslog.msg', at, rest.length, String.fromCharCode(...msgBytes));
    const m = String.fromCharCode(...msgBytes);
    if (RFC3164_TIME.test(m)) addBsdHeader(msg, at, m);
    return view.length;
  },
});

/** RFC 3164 §4.1.2: `Mmm dd hh:mm:ss HOSTNAME TAG…`; Wireshark takes the tag's leading word as the process id. */
function addBsdHeader(msg: Item, at: number, m: string): void {
  msg.add('syslog.timestamp_rfc3164', at, 15, m.slice(0, 15));
  let i = 16;
  const hostEnd = m.indexOf(' ', i);
  if (hostEnd < 0) return;
  msg.add('syslog.hostname', at + i, hostEnd - i, m.slice(i, hostEnd));
  i = hostEnd + 1;
  let j = i;
  while (j < m.length && j - i < 32 && /[A-Za-z0-9]/.test(m[j])) j++;
  msg.add('syslog.procid', at + i, j - i, m.slice(i, j));
  if (j < m.length) msg.add('syslog.msgid', at + j, m.length - j, m.slice(j));
}
