import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// tcp-handshake-nano.pcap #1 (LINUX_SLL), tshark -n -o tcp.relative_sequence_numbers:FALSE:
//   TCP 131.155.215.69 → 137.116.81.94
//   46656 → 80 [SYN] Seq=797190859 Win=27200 Len=0 MSS=1360 SACK_PERM TSval=1131021154 TSecr=0 WS=128
const SYN = hexBytes(
  '000402000000000000000000000008004500003c29a940004006db5f839bd7458974515eb64000502f842acb00000000a0026a4050c40000020405500402080a436a03620000000001030307',
);

test('tcp: SYN info with options, raw sequence number', () => {
  const s = summarize(113, SYN, SYN.length);
  assert.equal(s.protocol, 'TCP');
  assert.equal(s.info, '46656 → 80 [SYN] Seq=797190859 Win=27200 Len=0 MSS=1360 SACK_PERM TSval=1131021154 TSecr=0 WS=128');
});

test('tcp: tree fields and byte ranges', () => {
  const t = tree(113, SYN);
  assert.deepEqual(layers(t), ['sll', 'ip', 'tcp']);
  assert.equal(t[3].label, 'Transmission Control Protocol, Src Port: 46656, Dst Port: 80, Seq: 797190859, Len: 0');
  assert.deepEqual([t[3].offset, t[3].length], [36, 40]);
  assert.equal(must(t, 'tcp.flags').label, 'Flags: 0x002 (SYN)');
  assert.equal(must(t, 'tcp.flags.syn').label, '.... .... ..1. = Syn: Set');
  assert.equal(must(t, 'tcp.flags.ack').label, '.... ...0 .... = Acknowledgment: Not set');
  assert.equal(must(t, 'tcp.hdr_len').label, '1010 .... = Header Length: 40 bytes (10)');
  const mss = must(t, 'tcp.options.mss_val');
  assert.deepEqual([mss.label, mss.offset, mss.length], ['MSS Value: 1360', 58, 2]);
  assert.equal(must(t, 'tcp.options.wscale.multiplier').label, '[Multiplier: 128]');
  assert.equal(must(t, 'tcp.len').label, '[TCP Segment Len: 0]');
});

test('tcp: options cut by the snapshot length keep the words read so far', () => {
  const cut = SYN.subarray(0, 66);
  const s = summarize(113, cut, SYN.length);
  assert.equal(s.info, '46656 → 80 [SYN] Seq=797190859 Win=27200 Len=0 MSS=1360 SACK_PERM[Packet size limited during capture]');
  assert.equal(s.malformed, false);
});

test('tcp: ACK shows Ack, payload length from the IP length', () => {
  const ack = SYN.slice();
  ack[16 + 20 + 13] = 0x18; // PSH, ACK
  const s = summarize(113, ack, ack.length);
  assert.match(s.info, /^46656 → 80 \[PSH, ACK\] Seq=797190859 Ack=0 Win=27200 Len=0/);
});
