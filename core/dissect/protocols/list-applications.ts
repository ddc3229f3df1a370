/** Application protocols over byte streams and QUIC (HTTP/1.x, TLS, QUIC, SSH, FTP, SMTP, POP, IMAP). */
import type { Protocol } from '../protocol';
import { dataTextLines } from './data-text-lines';
// eslint-disable-next-line no-restricted-imports -- ./http is the HTTP dissector, not Node's http module (the rule's pattern matches any path ending in http)
import { http } from './http';
import { media } from './media';

export const APPLICATION_PROTOCOLS: readonly Protocol[] = [http, dataTextLines, media];
