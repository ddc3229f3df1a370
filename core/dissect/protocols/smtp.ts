/**
 * Simple Mail Transfer Protocol (RFC 5321). Wireshark: packet-smtp.c. Command lines from the client
 * (`C: MAIL From:<a@b>`, several when pipelined, joined by ` | `), reply lines from the server
 * (`S: 250-…`; the lines after a `NNN-` line continue one reply and show only their text).
 *
 * Without conversation state a client segment is told to be message data (after DATA) by its first line
 * not being an SMTP command: `C: DATA fragment, N bytes`.
 */
import type { ByteView } from '../byte-view';
import type { DissectContext, Item } from '../context';
import { defineProtocol } from '../protocol';
import { handOffToTls } from './starttls';
import { lineAt, textAt } from './text-lines';

export const SMTP_PORTS: readonly number[] = [25, 587];

const COMMANDS: ReadonlySet<string> = new Set([
  'HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT', 'SEND', 'SOML', 'SAML',
  'TURN', 'AUTH', 'STARTTLS', 'BDAT', 'ATRN', 'ETRN', 'XEXCH50', 'X-EXPS', 'X-LINK2STATE', 'XCLIENT', 'XFORWARD',
]);

export const smtp = defineProtocol({
  abbrev: 'smtp',
  name: 'Simple Mail Transfer Protocol',
  short: 'SMTP',
  registersIn: SMTP_PORTS.map((p) => ['tcp.port', p] as const),
  fields: {
    'smtp.req': { name: 'Request', type: 'bool', tfs: ['True', 'False'] },
    'smtp.rsp': { name: 'Response', type: 'bool', tfs: ['True', 'False'] },
    'smtp.command_line': { name: 'Command Line', type: 'string' },
    'smtp.req.command': { name: 'Command', type: 'string' },
    'smtp.req.parameter': { name: 'Request parameter', type: 'string' },
    'smtp.response': { name: 'Response', type: 'string' },
    'smtp.response.code': { name: 'Response code', type: 'uint32' },
    'smtp.rsp.parameter': { name: 'Response parameter', type: 'string' },
    'smtp.message': { name: 'Message', type: 'string' },
  },
  dissect(view, ctx) {
    if (handOffToTls(view, ctx)) return 0;
    if (view.length === 0) return 0;
    const request = SMTP_PORTS.includes(ctx.facts.dstPort);
    if (request) dissectRequest(view, ctx);
    else dissectResponse(view, ctx);
    return view.length;
  },
});

function crlf(total: number, length: number): string {
  return total - length === 2 ? '\r\n' : total > length ? '\n' : '';
}

function dissectRequest(view: ByteView, ctx: DissectContext): void {
  const t = ctx.layer;
  const first = lineAt(view, 0);
  const word = first === undefined ? '' : textAt(view, 0, first.length).split(' ')[0].toUpperCase();
  if (!COMMANDS.has(word)) {
    ctx.cols.info = `C: DATA fragment, ${view.length} byte${view.length === 1 ? '' : 's'}`;
    if (ctx.building) t.add('smtp.message', 0, view.length, textAt(view, 0, view.length), `Message: ${view.length} bytes`);
    return;
  }
  const words: string[] = [];
  if (ctx.building) t.hidden('smtp.req', 0, 0, true);
  for (let at = 0, l = lineAt(view, 0); l !== undefined; at += l.total, l = lineAt(view, at)) {
    const text = textAt(view, at, l.length);
    words.push(text);
    if (!ctx.building) continue;
    const line = t.add('smtp.command_line', at, l.total, text + crlf(l.total, l.length), `Command Line: ${text}\\r\\n`);
    const sp = text.indexOf(' ');
    const command = sp < 0 ? text : text.slice(0, sp);
    line.add('smtp.req.command', at, command.length, command);
    if (sp >= 0) line.add('smtp.req.parameter', at + sp + 1, text.length - sp - 1, text.slice(sp + 1));
  }
  ctx.cols.info = `C: ${words.join(' | ')}`;
}

function dissectResponse(view: ByteView, ctx: DissectContext): void {
  const t = ctx.layer;
  const words: string[] = [];
  let continuing = false;
  let reply: Item = t;
  if (ctx.building) t.hidden('smtp.rsp', 0, 0, true);
  for (let at = 0, l = lineAt(view, 0); l !== undefined; at += l.total, l = lineAt(view, at)) {
    const text = textAt(view, at, l.length);
    const coded = /^\d{3}([ -]|$)/.test(text);
    const param = coded ? text.slice(4) : text;
    words.push(continuing || !coded ? param : text);
    if (ctx.building) {
      // The lines after a `NNN-` line belong to the reply it starts (Wireshark shows their text under it).
      if (!continuing) {
        reply = t.add('smtp.response', at, l.total, text + crlf(l.total, l.length), `Response: ${text}\\r\\n`);
        if (coded) reply.add('smtp.response.code', at, 3, Number(text.slice(0, 3)));
      }
      if (coded) reply.add('smtp.rsp.parameter', at + 4, Math.max(0, text.length - 4), param);
    }
    continuing = coded && text[3] === '-';
  }
  ctx.cols.info = `S: ${words.join(' | ')}`;
}
