/**
 * A message body by its media type, as Wireshark's "media" protocol (packet-media.c) shows a type no
 * dissector claims: `Media Type` with the bytes (the carrier appends ` (type)` to Info). `mediaFor` picks the
 * protocol Wireshark's media_type table would: line-based text for text types, data for
 * application/octet-stream or no type, media otherwise.
 */
import { defineProtocol } from '../protocol';
import { TEXT_MEDIA_TYPES } from './data-text-lines';

/** The media type without parameters, lower case: `text/html; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi >= 0 ? contentType.slice(0, semi) : contentType).trim().toLowerCase();
}

/** The protocol that shows a body of this Content-Type. */
export function mediaFor(contentType: string | undefined): string {
  if (contentType === undefined) return 'data';
  const type = mediaType(contentType);
  if (type === '' || type === 'application/octet-stream') return 'data';
  return TEXT_MEDIA_TYPES.has(type) ? 'data-text-lines' : 'media';
}

export const media = defineProtocol({
  abbrev: 'media',
  name: 'Media Type',
  short: 'Media',
  fields: {},
  // The Protocol column stays the carrier's (Wireshark's dissector for these bodies does not set it).
  keepsProtocolColumn: true,
  dissect(view, ctx) {
    const n = view.length;
    if (n === 0) return 0;
    if (ctx.building) {
      ctx.layer.setLabel('Media Type');
      ctx.layer.text(`Media type: (${n} byte${n === 1 ? '' : 's'})`, 0, n);
    }
    return n;
  },
});
