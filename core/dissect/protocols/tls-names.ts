/** Names Wireshark's packet-tls-utils.c gives TLS numbers (content types, handshake types, alerts, extensions, versions). */

export const TLS_CONTENT_TYPES: Readonly<Record<number, string>> = {
  20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat', 25: 'Connection ID',
};

export const TLS_HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 3: 'Hello Verify Request', 4: 'New Session Ticket',
  5: 'End of Early Data', 6: 'Hello Retry Request', 8: 'Encrypted Extensions', 11: 'Certificate',
  12: 'Server Key Exchange', 13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify',
  16: 'Client Key Exchange', 20: 'Finished', 21: 'Certificate URL', 22: 'Certificate Status',
  23: 'Supplemental Data', 24: 'Key Update', 25: 'Compressed Certificate', 67: 'Encrypted Extensions',
};

export const TLS_ALERT_LEVELS: Readonly<Record<number, string>> = { 1: 'Warning', 2: 'Fatal' };

export const TLS_ALERT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'Close Notify', 1: 'End of Early Data', 10: 'Unexpected Message', 20: 'Bad Record MAC', 21: 'Decryption Failed',
  22: 'Record Overflow', 30: 'Decompression Failure', 40: 'Handshake Failure', 41: 'No Certificate',
  42: 'Bad Certificate', 43: 'Unsupported Certificate', 44: 'Certificate Revoked', 45: 'Certificate Expired',
  46: 'Certificate Unknown', 47: 'Illegal Parameter', 48: 'Unknown CA', 49: 'Access Denied', 50: 'Decode Error',
  51: 'Decrypt Error', 60: 'Export Restriction', 70: 'Protocol Version', 71: 'Insufficient Security',
  80: 'Internal Error', 86: 'Inappropriate Fallback', 90: 'User Canceled', 100: 'No Renegotiation',
  109: 'Missing Extension', 110: 'Unsupported Extension', 111: 'Certificate Unobtainable', 112: 'Unrecognized Name',
  113: 'Bad Certificate Status Response', 114: 'Bad Certificate Hash Value', 115: 'Unknown PSK Identity',
  116: 'Certificate Required', 120: 'No application Protocol',
};

export const TLS_EXTENSION_TYPES: Readonly<Record<number, string>> = {
  0: 'server_name', 1: 'max_fragment_length', 2: 'client_certificate_url', 3: 'trusted_ca_keys',
  4: 'truncated_hmac', 5: 'status_request', 6: 'user_mapping', 7: 'client_authz', 8: 'server_authz',
  9: 'cert_type', 10: 'supported_groups', 11: 'ec_point_formats', 12: 'srp', 13: 'signature_algorithms',
  14: 'use_srtp', 15: 'heartbeat', 16: 'application_layer_protocol_negotiation', 17: 'status_request_v2',
  18: 'signed_certificate_timestamp', 19: 'client_certificate_type', 20: 'server_certificate_type', 21: 'padding',
  22: 'encrypt_then_mac', 23: 'extended_master_secret', 24: 'token_binding', 25: 'cached_info',
  27: 'compress_certificate', 28: 'record_size_limit', 35: 'session_ticket', 41: 'pre_shared_key',
  42: 'early_data', 43: 'supported_versions', 44: 'cookie', 45: 'psk_key_exchange_modes',
  47: 'certificate_authorities', 48: 'oid_filters', 49: 'post_handshake_auth', 50: 'signature_algorithms_cert',
  51: 'key_share', 57: 'quic_transport_parameters', 13172: 'next_protocol_negotiation', 17513: 'application_settings',
  65281: 'renegotiation_info', 65486: 'encrypted_server_name', 65037: 'encrypted_client_hello',
};

/** Wireshark's ssl_versions: `TLS 1.2`; the Protocol column uses the short forms of `tlsVersionColumn`. */
export const TLS_VERSIONS: Readonly<Record<number, string>> = {
  0x0002: 'SSL 2.0', 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3',
  0xfeff: 'DTLS 1.0', 0xfefd: 'DTLS 1.2', 0x0100: 'DTLS 1.0 (OpenSSL pre 0.9.8f)',
};

/** The Protocol column for a version: `TLSv1.2`, `SSLv3`. */
export function tlsVersionColumn(version: number): string {
  switch (version) {
    case 0x0300:
      return 'SSLv3';
    case 0x0301:
      return 'TLSv1';
    case 0x0302:
      return 'TLSv1.1';
    case 0x0303:
      return 'TLSv1.2';
    case 0x0304:
      return 'TLSv1.3';
    default:
      return 'TLS';
  }
}

export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && (v >> 8) === (v & 0xff);
}
