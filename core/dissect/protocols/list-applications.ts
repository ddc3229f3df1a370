/** Application protocols over byte streams and QUIC (HTTP/1.x, TLS, QUIC, SSH, FTP, SMTP, POP, IMAP). */
import type { Protocol } from '../protocol';

export const APPLICATION_PROTOCOLS: readonly Protocol[] = [];
