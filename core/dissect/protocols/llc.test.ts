import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldCells } from '../test/field-cells';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// libpcap-tests/filter/llc.pcap #2, tshark -V -O llc:
//   IEEE 802.3 Ethernet, Length: 3
//   Logical-Link Control
//     DSAP: NetBIOS (0xf0)  (SAP: NetBIOS, IG Bit: Individual)
//     SSAP: NetBIOS (0xf0)  (SAP: NetBIOS, CR Bit: Command)
//     Control field: U P, func=SABME (0x7F)
//   Protocol LLC, Info "U P, func=SABME; DSAP NetBIOS Individual, SSAP NetBIOS Command"
const SABME = hexBytes('000c298e87a6000c29310d010003f0f07f');
// llc.pcap #6: "S P, func=RR, N(R)=0; DSAP NetBIOS Individual, SSAP NetBIOS Command", llc.control 0x0101
const RR = hexBytes('000c298e87a6000c29310d010004f0f00101');
// gre-aruba.pcap's inner frames: SNAP, OUI 00:00:00, Type IPv4; tshark llc.oui=0 llc.type=0x0800
const SNAP_IP = hexBytes(
  '0180c20000000200000000010030' + 'aaaa03000000' + '0800' + '4500002800010000400600000a0000010a000002' + '0050005000000000000000005002200000000000',
);

test('llc: U frame fields, byte ranges and the Info text', () => {
  const t = tree(1, SABME);
  assert.deepEqual(layers(t), ['eth', 'llc']);
  assert.equal(t[1].label, 'IEEE 802.3 Ethernet ');
  assert.deepEqual([t[2].offset, t[2].length], [14, 3]);
  assert.equal(must(t, 'llc.dsap').label, 'DSAP: NetBIOS (0xf0)');
  assert.equal(must(t, 'llc.dsap.sap').label, '1111 000. = SAP: NetBIOS');
  assert.equal(must(t, 'llc.ssap.cr').label, '.... ...0 = CR Bit: Command');
  const ctl = must(t, 'llc.control');
  assert.deepEqual([ctl.label, ctl.offset, ctl.length], ['Control field: U P, func=SABME (0x7f)', 16, 1]);
  const s = summarize(1, SABME, SABME.length);
  assert.deepEqual([s.protocol, s.info], ['LLC', 'U P, func=SABME; DSAP NetBIOS Individual, SSAP NetBIOS Command']);
  assert.deepEqual(fieldCells(1, SABME, ['llc.dsap', 'llc.dsap.sap', 'llc.control', 'llc.control.u_modifier_cmd', 'llc.control.p', 'llc.control.ftype']), {
    'llc.dsap': '0xf0',
    'llc.dsap.sap': '120',
    'llc.control': '0x007f',
    'llc.control.u_modifier_cmd': '0x1b',
    'llc.control.p': '1',
    'llc.control.ftype': '0x03',
  });
});

test('llc: S frame control is two little-endian bytes', () => {
  const s = summarize(1, RR, RR.length);
  assert.equal(s.info, 'S P, func=RR, N(R)=0; DSAP NetBIOS Individual, SSAP NetBIOS Command');
  assert.deepEqual(fieldCells(1, RR, ['llc.control', 'llc.control.n_r', 'llc.control.p', 'llc.control.s_ftype']), {
    'llc.control': '0x0101',
    'llc.control.n_r': '0',
    'llc.control.p': '1',
    'llc.control.s_ftype': '0x0000',
  });
});

test('llc: SNAP with OUI 00:00:00 hands the PID to the EtherType table', () => {
  const t = tree(1, SNAP_IP);
  assert.deepEqual(layers(t), ['eth', 'llc', 'ip', 'tcp']);
  assert.deepEqual([t[2].offset, t[2].length], [14, 8]);
  assert.equal(must(t, 'llc.oui').label, 'Organization Code: 00:00:00 (Officially Xerox, but 0:0:0:0:0:0 is more common)');
  assert.deepEqual(fieldCells(1, SNAP_IP, ['llc.oui', 'llc.type', 'frame.protocols']), {
    'llc.oui': '0',
    'llc.type': '0x0800',
    'frame.protocols': 'eth:llc:ip:tcp',
  });
});

test('llc: SNAP with an unknown PID says so in Info (tshark text)', () => {
  const bytes = hexBytes('0180c2000000020000000001002a' + 'aaaa0300000c0123' + '00'.repeat(34));
  assert.equal(summarize(1, bytes, bytes.length).info, 'U, func=UI; SNAP, OUI 0x00000C (Cisco Systems, Inc), PID 0x0123');
  assert.equal(fieldCells(1, bytes, ['llc.cisco_pid'])['llc.cisco_pid'], '0x0123');
});

test('llc: truncated and malformed headers become marked layers, no exception', () => {
  const cut = summarize(1, RR.subarray(0, 17), RR.length);
  assert.equal(cut.malformed, false);
  assert.match(cut.info, /\[Packet size limited during capture\]$/);
  // The 802.3 length says 4 bytes, the frame has 3: the control field's second byte is missing on the wire.
  const short = hexBytes('000c298e87a6000c29310d010004f0f001');
  const s = summarize(1, short, short.length);
  assert.equal(s.malformed, true);
  const t = tree(1, short);
  assert.ok(t.some((n) => n.field === '_ws.malformed'));
});
