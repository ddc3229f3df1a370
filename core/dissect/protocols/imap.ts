/**
 * Internet Message Access Protocol (RFC 9051). Wireshark: packet-imap.c. Each line of a segment
 * (`imap.line`); a tagged request line gives its tag and command, a tagged response line its tag, status
 * and the word after it; untagged (`*`) and continuation (`+`) lines are lines only. Info `Request: …` /
 * `Response: …` with the last line of the segment.
 */
import { defineProtocol } from '../protocol';
import { handOffToTls } from './starttls';
import { lineAt, textAt } from './text-lines';

export const IMAP_PORT = 143;

const s = (name: string) => ({ name, type: 'string' as const });

export const imap = defineProtocol({
  abbrev: 'imap',
  name: 'Internet Message Access Protocol',
  short: 'IMAP',
  registersIn: [['tcp.port', IMAP_PORT]],
  fields: {
    'imap.isrequest': { name: 'Request', type: 'bool', tfs: ['True', 'False'] },
    'imap.line': s('Line'),
    'imap.request': s('Request'),
    'imap.request_tag': s('Request Tag'),
    'imap.request.command': s('Request Command'),
    'imap.response': s('Response'),
    'imap.response_tag': s('Response Tag'),
    'imap.response.status': s('Response Status'),
    'imap.tag': s('Tag'),
    'imap.command': s('Command'),
  },
  dissect(view, ctx) {
    if (handOffToTls(view, ctx)) return 0;
    if (lineAt(view, 0) === undefined) return 0;
    const request = ctx.facts.dstPort === IMAP_PORT;
    const t = ctx.layer;
    if (ctx.building) t.hidden('imap.isrequest', 0, 0, request);
    let last = '';
    for (let at = 0, l = lineAt(view, 0); l !== undefined; at += l.total, l = lineAt(view, at)) {
      const text = textAt(view, at, l.length);
      last = text;
      if (!ctx.building) continue;
      const line = t.add('imap.line', at, l.total, text + (l.total - l.length === 2 ? '\r\n' : l.terminated ? '\n' : ''), `Line: ${text}\\r\\n`);
      const words = text.split(' ');
      const tag = words[0];
      if (tag === '*' || tag === '+' || words.length < 2) continue;
      const cmdAt = at + tag.length + 1;
      if (request) {
        line.add('imap.request', at, l.length, text);
        line.add('imap.request_tag', at, tag.length, tag);
        line.add('imap.request.command', cmdAt, words[1].length, words[1]);
      } else {
        line.add('imap.response', at, l.length, text);
        line.add('imap.response_tag', at, tag.length, tag);
        line.add('imap.response.status', cmdAt, words[1].length, words[1]);
      }
      line.add('imap.tag', at, tag.length, tag);
      const word = request ? words[1] : words[2];
      if (word !== undefined && word !== '') {
        const wordAt = request ? cmdAt : cmdAt + words[1].length + 1;
        line.add('imap.command', wordAt, word.length, word);
      }
    }
    ctx.cols.info = `${request ? 'Request' : 'Response'}: ${last}`;
    return view.length;
  },
});
