/**
 * Post Office Protocol 3 (RFC 1939). Wireshark: packet-pop.c. A command line from the client
 * (`C: USER bob`), a status line from the server (`S: +OK ready`) with the lines of a multi-line reply
 * as data. Wireshark adds `pop.request` / `pop.response` as items without a value; so does this.
 */
import { defineProtocol } from '../protocol';
import { handOffToTls } from './starttls';
import { lineAt, textAt } from './text-lines';

export const POP_PORT = 110;

const s = (name: string) => ({ name, type: 'string' as const });

export const pop = defineProtocol({
  abbrev: 'pop',
  name: 'Post Office Protocol',
  short: 'POP',
  registersIn: [['tcp.port', POP_PORT]],
  fields: {
    'pop.request': s('Request'),
    'pop.request.command': s('Request command'),
    'pop.request.parameter': s('Request parameter'),
    'pop.request.data': s('Data'),
    'pop.response': s('Response'),
    'pop.response.indicator': s('Response indicator'),
    'pop.response.description': s('Response description'),
    'pop.response.data': s('Data'),
  },
  dissect(view, ctx) {
    if (handOffToTls(view, ctx)) return 0;
    const first = lineAt(view, 0);
    if (first === undefined) return 0;
    const request = ctx.facts.dstPort === POP_PORT;
    const text = textAt(view, 0, first.length);
    if (!request && !/^(\+OK|-ERR)/.test(text)) {
      // Not a status line: the rest of a multi-line reply (a message, which Wireshark reassembles into IMF).
      ctx.cols.info = `S: DATA fragment, ${view.length} byte${view.length === 1 ? '' : 's'}`;
      if (ctx.building) ctx.layer.text(`Data (${view.length} bytes)`, 0, view.length);
      return view.length;
    }
    ctx.cols.info = `${request ? 'C' : 'S'}: ${text}`;
    if (!ctx.building) return view.length;
    const t = ctx.layer;
    const line = t.add(request ? 'pop.request' : 'pop.response', 0, first.total, '', `${request ? 'Request' : 'Response'}: ${text}\\r\\n`);
    const sp = text.indexOf(' ');
    const word = sp < 0 ? text : text.slice(0, sp);
    const rest = sp < 0 ? '' : text.slice(sp + 1);
    if (request) {
      line.add('pop.request.command', 0, word.length, word);
      if (sp >= 0) line.add('pop.request.parameter', sp + 1, rest.length, rest);
    } else {
      line.add('pop.response.indicator', 0, word.length, word);
      if (sp >= 0) line.add('pop.response.description', sp + 1, rest.length, rest);
    }
    const dataField = request ? 'pop.request.data' : 'pop.response.data';
    for (let at = first.total, l = lineAt(view, at); l !== undefined; at += l.total, l = lineAt(view, at)) {
      t.add(dataField, at, l.total, '', `Data: ${textAt(view, at, l.length)}\\r\\n`);
    }
    return view.length;
  },
});
