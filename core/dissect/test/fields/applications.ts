/**
 * The applications group's field conformance set: fields of HTTP, TLS, FTP, SMTP, POP and IMAP that a
 * single segment decides, on captures whose requests, replies and hellos fit in one segment (tshark
 * reassembles TCP streams by default; Trawl does not yet, so fields of messages spread over segments
 * — certificates, multi-segment HTTP responses, TLS records after a split — are left out).
 *
 * SSH: the version lines and the clear key exchange; not the ciphertext fields, which tshark 4.0 leaves
 * empty for chacha20-poly1305/AES-GCM connections (it knows the cipher from the conversation) and fills
 * otherwise; captures whose key exchange fits in single segments and is not retransmitted (tshark shows a
 * retransmission without its SSH layer).
 */
import type { FieldConformanceSet } from './conformance-set';

export const APPLICATIONS_FIELDS: FieldConformanceSet = {
  group: 'applications',
  fields: [
    'http.request.method',
    'http.request.uri',
    'http.request.version',
    'http.request.line',
    'http.request.full_uri',
    'http.response.version',
    'http.response.code',
    'http.response.phrase',
    'http.host',
    'http.user_agent',
    'http.accept',
    'tls.handshake.version',
    'tls.handshake.random',
    'tls.handshake.session_id',
    'tls.handshake.ciphersuite',
    'tls.handshake.comp_method',
    'tls.handshake.extension.type',
    'tls.handshake.extensions_server_name',
    'tls.handshake.extensions_alpn_str',
    'ftp.request.command',
    'ftp.request.arg',
    'ftp.response.code',
    'ftp.response.arg',
    'smtp.command_line',
    'smtp.req.command',
    'smtp.req.parameter',
    'smtp.response',
    'smtp.response.code',
    'smtp.rsp.parameter',
    'pop.request.command',
    'pop.request.parameter',
    'pop.response.indicator',
    'pop.response.description',
    'imap.request',
    'imap.request_tag',
    'imap.request.command',
    'ssh.protocol',
    'ssh.direction',
    'ssh.packet_length',
    'ssh.padding_length',
    'ssh.message_code',
    'ssh.cookie',
    'ssh.kex_algorithms_length',
    'ssh.kex_algorithms',
    'ssh.server_host_key_algorithms',
    'ssh.encryption_algorithms_client_to_server',
    'ssh.mac_algorithms_server_to_client',
    'ssh.compression_algorithms_client_to_server',
    'ssh.first_kex_packet_follows',
    'ssh.kex.reserved',
    'ssh.padding_string',
    'ssh.mpint_length',
    'ssh.host_key.type',
    'ssh.host_sig.type',
  ],
  captures: [
    'zeek-traces/http/testmyids.pcap',
    'zeek-traces/www-odd-url.pcap',
    'zeek-traces/http/x-gzip.pcap',
    'zeek-traces/http/http-lower-case.pcap',
    'zeek-traces/tls/tls-early-alert.pcap',
    'zeek-traces/tls/tls13_wolfssl.pcap',
    'zeek-traces/tls/chrome-34-google.pcap',
    'zeek-traces/tls/dhe.pcap',
    'zeek-traces/ftp/ftp-invalid-reply-code.pcap',
    'zeek-traces/ftp/ipv6.pcap',
    'zeek-traces/smtp-multi-addr.pcap',
    'zeek-traces/pop3/pop3.pcap',
    'zeek-traces/tls/imap-starttls.pcap',
    'zeek-traces/tls/pop3-starttls.pcap',
    'zeek-traces/ssh/ssh_kex_curve25519.pcap',
    'zeek-traces/ssh/ssh_kex_dh_group18.pcap',
    'zeek-traces/ssh/ssh_client_sends_first_enc_pkt_with_newkeys.pcap',
  ],
};

/**
 * QUIC, a set of its own: tshark decrypts every Initial (keys from the client's DCID) and dissects the TLS
 * handshake inside, which Trawl does not yet, so the TLS fields above would disagree on these captures.
 * The header fields protection leaves readable; not the packet number, reserved bits or payload, nor a
 * short header's DCID (its length comes from the connection's long headers).
 */
export const APPLICATIONS_QUIC_FIELDS: FieldConformanceSet = {
  group: 'applications',
  fields: [
    'quic.packet_length',
    'quic.header_form',
    'quic.fixed_bit',
    'quic.long.packet_type',
    'quic.version',
    'quic.dcil',
    'quic.scil',
    'quic.scid',
    'quic.token_length',
    'quic.token',
    'quic.length',
    'quic.spin_bit',
  ],
  captures: [
    'tcpdump-tests/quic_vn.pcap',
    'tcpdump-tests/quic_handshake.pcap',
    'zeek-traces/quic/quicv2-echo-443.pcap',
    'zeek-traces/quic/merlinc2_Zeek_example.pcapng',
    'zeek-traces/quic/quic-decrypt-fail-google-de-51833.pcap',
    'zeek-traces/quic/quic-39264-rand.pcap',
  ],
};
