/**
 * Line-based text data (Wireshark: packet-text-media.c): a text body shown line by line. Wireshark
 * registers it for these media types; the carrier (HTTP) appends ` (type)` to Info.
 */
import { defineProtocol } from '../protocol';
import { lineAt, textAt } from './text-lines';

export const TEXT_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'text/plain', 'text/html', 'text/css', 'text/richtext', 'text/csv', 'text/javascript',
  'application/x-javascript', 'application/javascript', 'application/x-tia', 'application/x-ns-proxy-autoconfig',
  'text/vnd.sun.j2me.app-descriptor', 'application/vnd.oma.drm.message', 'application/x-wms-logconnectstats',
  'application/x-wms-logplaystats', 'application/x-wms-sendevent', 'application/rtsl', 'application/x-rtsp-tunnelled',
]);

/** Lines shown at most; the rest of the body is counted in the label, as Wireshark does for long bodies. */
const MAX_LINES = 2000;

export const dataTextLines = defineProtocol({
  abbrev: 'data-text-lines',
  name: 'Line-based text data',
  short: 'Line-based text data',
  fields: {},
  // The Protocol column stays the carrier's (Wireshark's dissector for these bodies does not set it).
  keepsProtocolColumn: true,
  dissect(view, ctx) {
    if (view.length === 0) return 0;
    if (ctx.building) {
      let at = 0;
      for (let n = 0, line = lineAt(view, 0); line !== undefined && n < MAX_LINES; n++, line = lineAt(view, at)) {
        const text = textAt(view, at, line.length);
        const end = line.total - line.length === 2 ? '\\r\\n' : line.terminated ? '\\n' : '';
        ctx.layer.text(`${text}${end}`, at, line.total);
        at += line.total;
      }
    }
    return view.length;
  },
});
