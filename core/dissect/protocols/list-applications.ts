/** Application protocols over byte streams and QUIC (HTTP/1.x, TLS, QUIC, SSH, FTP, SMTP, POP, IMAP). */
import type { Protocol } from '../protocol';
import { dataTextLines } from './data-text-lines';
import { ftp } from './ftp';
import { http } from './http';
import { imap } from './imap';
import { media } from './media';
import { pop } from './pop';
import { quic } from './quic';
import { smtp } from './smtp';
import { ssh } from './ssh';
import { tls } from './tls';
import { x509if } from './x509if';
import { x509sat } from './x509sat';

export const APPLICATION_PROTOCOLS: readonly Protocol[] = [http, dataTextLines, media, tls, x509if, x509sat, ftp, smtp, pop, imap, ssh, quic];
