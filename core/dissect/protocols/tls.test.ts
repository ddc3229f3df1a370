import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFields, defaultRegistry, tsharkFieldCells } from '../index';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';
import type { FrameMeta } from '../types';
import { join } from 'node:path';
import { CAPTURES_DIR } from '../../../scripts/shared-captures';
import { readCapture } from '../test/read-capture';

// tls-early-alert.pcap #4, tshark: TLSv1 286 Client Hello
//   TLSv1 Record Layer: Handshake Protocol: Client Hello; Version TLS 1.2 (0x0303), 11 cipher suites,
//   Extension: server_name (len=19) Server Name: jeffbryner.com; ALPN h2, spdy/3.1, http/1.1
const CLIENT_HELLO = hexBytes('002688e78d827831c1c63fc20800450001101364400040069ad0c0a806d943cf8063c364fa844e78d4a9caff7b218018101597e400000101080a41f6728e604c800b16030100d7010000d30303b3ee8b4ebdc1501eb4fa8da69a90f70f669241c8333a17e9a99bee680c522eb1204d1fe6da01ec7729af20aa458f47b13ec84a1ae4704565fb13196bbfe6f0d2870016c02bc02fc00ac009c013c01400330039002f0035000a0100007400000013001100000e6a6566666272796e65722e636f6dff01000100000a00080006001700180019000b00020100002300003374000000100017001502683208737064792f332e3108687474702f312e31000500050100000000000d001600140401050106010201040305030603020304020202');

// rsasnakeoil2.pcap #6, tshark: SSLv3 995 Server Hello, Certificate, Server Hello Done
//   issuer/subject printableString: Snake Desert,Snake Town,Snake Oil, Ltd,Certificate Authority,Snake Oil CA,
//   Snake Desert,Snake Town,Snake Oil, Ltd,Webserver Team,www.snakeoil.dom; CountryName XY,XY
const SERVER_FLIGHT = hexBytes('0000000000000000000000000800450003d555db40004006e3457f0000017f00000101bb973978c524d9788c3a0080187fff01ca00000101080a1f5371051f537103160300004a020000460300444c948ffe81ed93650288a3f8eb63860e2cf68dd00f2c2ad64fcd2d3c16d7d620a0fb60863d1e76f330fe0b01fd1a01ed95f67b8ec0d427bff06ec756b147ce9800350016030003440b00034000033d00033a308203363082029fa003020102020101300d06092a864886f70d01010405003081a9310b3009060355040613025859311530130603550408130c536e616b6520446573657274311330110603550407130a536e616b6520546f776e31173015060355040a130e536e616b65204f696c2c204c7464311e301c060355040b1315436572746966696361746520417574686f72697479311530130603550403130c536e616b65204f696c204341311e301c06092a864886f70d010901160f636140736e616b656f696c2e646f6d301e170d3033303330353136343734355a170d3038303330333136343734355a3081a7310b3009060355040613025859311530130603550408130c536e616b6520446573657274311330110603550407130a536e616b6520546f776e31173015060355040a130e536e616b65204f696c2c204c746431173015060355040b130e576562736572766572205465616d31193017060355040313107777772e736e616b656f696c2e646f6d311f301d06092a864886f70d010901161077777740736e616b656f696c2e646f6d30819f300d06092a864886f70d010101050003818d0030818902818100a46e53140ade2ce360559af242a6af47122f17cefabadc4e635634b9ba734b78443dc66c69a425b361029d09043f723dd827d3b05a4577b736e42623cc12b8aedea7b63a823c7c24590af896438ba329363f917f5dc72394297f0ace0abd8d9b2f1917aad58eec66a237eb3f57533cf2aabb79194b907ea7a399fe844c89f03d0203010001a36e306c301b0603551d1104143012811077777740736e616b656f696c2e646f6d303a06096086480186f842010d042d162b6d6f645f73736c2067656e65726174656420637573746f6d20736572766572206365727469666963617465301106096086480186f8420101040403020640300d06092a864886f70d010104050003818100ae7979229075fda6d5c4b8c4994e1c057c9159be890d3dc68ca3cff6ba23dfb8ae44688a8fb98bcb12dae6a2caa5a655d9d2a1adba9b2c44951d4a90597f83ae815e3f92e01441824e7f53fd1023eb8aebe992ea61f28e19a1d349c084341e2e6ef698e28753d655d91a8a925caddc1e1c30a7659dc24f60d26fdbe09f9ebc4116030000040e000000');

const meta = (b: Uint8Array): FrameMeta => ({
  number: 1, timestamp: { sec: 0, nsec: 0 }, relTime: 0, caplen: b.length, origlen: b.length,
  interface: { id: 0, linkType: 1, linkTypeName: 'EN10MB', snapLen: 65535, tsDigits: 6 },
});
function cells(b: Uint8Array, names: string[]): string[] {
  return tsharkFieldCells(collectFields(b, meta(b), new Set(names)), names, (n) => defaultRegistry.fields.get(n));
}

test('tls: Client Hello fields, byte ranges and columns', () => {
  const s = summarize(1, CLIENT_HELLO, CLIENT_HELLO.length);
  assert.deepEqual([s.protocol, s.info], ['TLSv1', 'Client Hello']);
  const t = tree(1, CLIENT_HELLO);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'tls']);
  const sni = must(t, 'tls.handshake.extensions_server_name');
  assert.deepEqual([sni.label, sni.offset, sni.length], ['Server Name: jeffbryner.com', 179, 14]);
  const ver = must(t, 'tls.handshake.version');
  assert.deepEqual([ver.label, ver.offset], ['Version: TLS 1.2 (0x0303)', 75]);
  assert.deepEqual(cells(CLIENT_HELLO, ['tls.record.length', 'tls.handshake.length', 'tls.handshake.ciphersuite', 'tls.handshake.extensions_alpn_str']), [
    '215', '211', '0xc02b,0xc02f,0xc00a,0xc009,0xc013,0xc014,0x0033,0x0039,0x002f,0x0035,0x000a', 'h2,spdy/3.1,http/1.1',
  ]);
});

test('tls: several handshake messages, certificate names as tshark prints them', () => {
  const s = summarize(1, SERVER_FLIGHT, SERVER_FLIGHT.length);
  assert.deepEqual([s.protocol, s.info], ['SSLv3', 'Server Hello, Certificate, Server Hello Done']);
  assert.deepEqual(cells(SERVER_FLIGHT, ['tls.handshake.type', 'x509sat.printableString', 'x509sat.CountryName', 'tls.handshake.certificate_length']), [
    '2,11,14',
    'Snake Desert,Snake Town,Snake Oil, Ltd,Certificate Authority,Snake Oil CA,Snake Desert,Snake Town,Snake Oil, Ltd,Webserver Team,www.snakeoil.dom',
    'XY,XY',
    '826',
  ]);
});

test('tls: a record cut by the snapshot length, and a broken certificate, do not throw', () => {
  for (const cut of [72, 100, 200, 400, 700]) {
    const b = SERVER_FLIGHT.slice(0, cut);
    assert.doesNotThrow(() => tree(1, b, SERVER_FLIGHT.length));
    assert.equal(summarize(1, b, SERVER_FLIGHT.length).protocol, 'SSLv3');
  }
  const bad = SERVER_FLIGHT.slice();
  const der = SERVER_FLIGHT.findIndex((v, i) => i > 150 && v === 0x30 && SERVER_FLIGHT[i + 1] === 0x82);
  bad[der + 4] = 0x31; // tbsCertificate is no longer a SEQUENCE
  const t = tree(1, bad);
  assert.ok(JSON.stringify(t).includes('not valid DER'));
});

test('tls: a segment inside a record is Continuation Data on a TLS port, not TLS elsewhere', () => {
  const b = CLIENT_HELLO.slice();
  b[66] = 0x42;
  assert.equal(summarize(1, b, b.length).protocol, 'TCP'); // port 64132: only the heuristic could claim it
  b[36] = 0x01; // destination port 443
  b[37] = 0xbb;
  const s = summarize(1, b, b.length);
  assert.deepEqual([s.protocol, s.info], ['TLS', 'Continuation Data']);
});

test('tls: a heartbeat is a Request or Response in the clear, "Encrypted Heartbeat" when its lengths say it is encrypted (as tshark)', () => {
  const infoOf = (capture: string, number: number): string => {
    const p = readCapture(join(CAPTURES_DIR, capture)).packets[number - 1];
    return summarize(p.iface.linkType, p.bytes, p.origlen).info;
  };
  // Frame 11 starts the (Heartbleed) request that tshark reassembles in 21: its payload length lies, it is still in the clear.
  assert.equal(infoOf('zeek-traces/tls/heartbleed-success.pcap', 11), 'Heartbeat Request');
  assert.equal(infoOf('zeek-traces/tls/heartbleed-encrypted-short.pcap', 13), 'Encrypted Heartbeat');
  assert.equal(infoOf('zeek-traces/tls/heartbleed-encrypted.pcap', 16), 'Encrypted Heartbeat');
});
