/**
 * The transport group's share of the field conformance corpus: TCP (header, flags, options), UDP and SCTP
 * (common header, chunks, parameters) on captures where they occur. Every field here agrees with tshark run
 * with its defaults; `TRANSPORT_RAW_SEQUENCE_FIELDS` are the ones tshark shows relative by default (they
 * need flow state, issue 6) and agree with `TRANSPORT_RAW_SEQUENCE_ARGS`.
 */
import type { FieldConformanceSet } from './conformance-set';

export const TRANSPORT_FIELDS: FieldConformanceSet = {
  group: 'transport',
  fields: [
    'tcp.srcport', 'tcp.dstport', 'tcp.port', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.hdr_len', 'tcp.flags', 'tcp.flags.res', 'tcp.flags.ae',
    'tcp.flags.cwr', 'tcp.flags.ece', 'tcp.flags.urg', 'tcp.flags.ack', 'tcp.flags.push', 'tcp.flags.reset', 'tcp.flags.syn',
    'tcp.flags.fin', 'tcp.flags.str', 'tcp.window_size_value', 'tcp.checksum', 'tcp.checksum.status', 'tcp.urgent_pointer', 'tcp.len',
    'tcp.options', 'tcp.option_kind', 'tcp.option_len', 'tcp.options.nop', 'tcp.options.mss', 'tcp.options.mss_val', 'tcp.options.wscale.shift',
    'tcp.options.wscale.multiplier', 'tcp.options.sack_perm', 'tcp.options.timestamp.tsval', 'tcp.options.timestamp.tsecr',
    'tcp.options.mptcp.subtype', 'tcp.payload',
    'udp.srcport', 'udp.dstport', 'udp.port', 'udp.length', 'udp.checksum', 'udp.checksum.status', 'udp.payload',
    'sctp.srcport', 'sctp.dstport', 'sctp.port', 'sctp.verification_tag', 'sctp.checksum', 'sctp.checksum.status', 'sctp.chunk_type',
    'sctp.chunk_flags', 'sctp.chunk_length', 'sctp.chunk_bit_1', 'sctp.chunk_bit_2', 'sctp.data_tsn_raw', 'sctp.data_sid', 'sctp.data_ssn',
    'sctp.data_payload_proto_id', 'sctp.data_e_bit', 'sctp.data_b_bit', 'sctp.data_u_bit', 'sctp.init_initiate_tag', 'sctp.init_credit',
    'sctp.init_nr_out_streams', 'sctp.init_nr_in_streams', 'sctp.init_initial_tsn', 'sctp.initack_initiate_tag', 'sctp.initack_initial_tsn',
    'sctp.parameter_type', 'sctp.parameter_length', 'sctp.parameter_state_cookie', 'sctp.parameter_heartbeat_information',
    'sctp.sack_cumulative_tsn_ack_raw', 'sctp.sack_a_rwnd', 'sctp.sack_number_of_gap_blocks', 'sctp.sack_number_of_duplicated_tsns',
    'sctp.shutdown_cumulative_tsn_ack', 'sctp.cookie',
  ],
  captures: [
    'tcpdump-tests/mptcp-v1.pcap',
    'tcpdump-tests/mptcp-aa-v1.pcap',
    'zeek-traces/tcp/missing-syn.pcap',
    'zeek-traces/tcp/truncated-header.pcap',
    'zeek-traces/tls/heartbleed-success.pcap',
    'zeek-traces/ntp.pcap',
    'zeek-traces/dns/long-connection.pcap',
    'tcpdump-tests/vxlan.pcap',
    'tcpdump-tests/forces2.pcap',
    'tcpdump-tests/forces3.pcap',
    'tcpdump-tests/isup.pcap',
  ],
};

/** tshark options under which its sequence numbers and SACK edges are the raw ones Trawl shows (and TSNs absolute). */
export const TRANSPORT_RAW_SEQUENCE_ARGS: readonly string[] = [
  '-o', 'tcp.relative_sequence_numbers:FALSE',
  '-o', 'tcp.analyze_sequence_numbers:FALSE',
  '-o', 'sctp.relative_tsns:FALSE',
];

export const TRANSPORT_RAW_SEQUENCE_FIELDS: readonly string[] = ['tcp.seq', 'tcp.ack', 'tcp.nxtseq', 'tcp.options.sack_le', 'tcp.options.sack_re'];
