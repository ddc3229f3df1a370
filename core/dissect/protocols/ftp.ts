/**
 * File Transfer Protocol control connection (RFC 959). Wireshark: packet-ftp.c. A request line
 * (`USER zeek`) towards port 21, a reply line (`220 ready`) from it; further lines of a multi-line reply
 * are text. Info `Request: USER zeek` / `Response: 220 ready`.
 */
import { defineProtocol } from '../protocol';
import { handOffToTls } from './starttls';
import { lineAt, textAt } from './text-lines';

export const FTP_PORT = 21;

export const ftp = defineProtocol({
  abbrev: 'ftp',
  name: 'File Transfer Protocol (FTP)',
  short: 'FTP',
  registersIn: [['tcp.port', FTP_PORT]],
  fields: {
    'ftp.request': { name: 'Request', type: 'bool', tfs: ['True', 'False'] },
    'ftp.response': { name: 'Response', type: 'bool', tfs: ['True', 'False'] },
    'ftp.request.command': { name: 'Request command', type: 'string' },
    'ftp.request.arg': { name: 'Request arg', type: 'string' },
    'ftp.response.code': { name: 'Response code', type: 'uint32' },
    'ftp.response.arg': { name: 'Response arg', type: 'string' },
  },
  dissect(view, ctx) {
    if (handOffToTls(view, ctx)) return 0;
    const first = lineAt(view, 0);
    if (first === undefined) return 0;
    const request = ctx.facts.dstPort === FTP_PORT;
    const text = textAt(view, 0, first.length);
    ctx.cols.info = `${request ? 'Request' : 'Response'}: ${text}`;
    if (!ctx.building) return view.length;
    const t = ctx.layer;
    t.hidden('ftp.request', 0, 0, request);
    t.hidden('ftp.response', 0, 0, !request);
    const line = t.text(`${text}\\r\\n`, 0, first.total);
    if (request) {
      const sp = text.indexOf(' ');
      const command = sp < 0 ? text : text.slice(0, sp);
      line.add('ftp.request.command', 0, command.length, command);
      if (sp >= 0 && sp + 1 < text.length) line.add('ftp.request.arg', sp + 1, text.length - sp - 1, text.slice(sp + 1));
    } else if (/^\d{3}([ -]|$)/.test(text)) {
      line.add('ftp.response.code', 0, 3, Number(text.slice(0, 3)));
      if (text.length > 4) line.add('ftp.response.arg', 4, text.length - 4, text.slice(4));
    } else {
      // Wireshark shows a reply line without a three-digit code as its argument.
      line.add('ftp.response.arg', 0, text.length, text);
    }
    for (let at = first.total, l = lineAt(view, at); l !== undefined; at += l.total, l = lineAt(view, at)) {
      t.text(`${textAt(view, at, l.length)}\\r\\n`, at, l.total);
    }
    return view.length;
  },
});
