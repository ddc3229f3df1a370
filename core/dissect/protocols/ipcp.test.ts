import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// IPCP as gtp_create_pdp_ctx.pcap carries it inside GTP (tshark -V there): Code: Configuration Request (1),
// Identifier: 1 (0x01), Length: 22, IP Address 0.0.0.0, Primary DNS 0.0.0.0, Secondary DNS 0.0.0.0 — here framed by PPP.
const CONF_REQ = hexBytes('ff038021' + '01010016' + '0306' + '0a000001' + '8106' + '08080808' + '8306' + '08080404');

test('ipcp: options with their addresses', () => {
  const t = tree(9, CONF_REQ);
  assert.deepEqual(layers(t), ['ppp', 'ipcp']);
  assert.equal(must(t, 'ppp.length').label, 'Length: 22');
  const ip = must(t, 'ipcp.opt.ip_address');
  assert.deepEqual([ip.label, ip.offset, ip.length], ['IP Address: 10.0.0.1', 10, 4]);
  assert.equal(must(t, 'ipcp.opt.pri_dns_address').label, 'Primary DNS Address: 8.8.8.8');
  assert.equal(must(t, 'ipcp.opt.sec_dns_address').label, 'Secondary DNS Address: 8.8.4.4');
  assert.equal(must(t, 'ipcp.opt.type').label, 'Type: IP Address (3)');
  const s = summarize(9, CONF_REQ, CONF_REQ.length);
  assert.deepEqual([s.protocol, s.info], ['PPP IPCP', 'Configuration Request']);
});

test('ipcp: an option running past the length is an expert item, not an exception', () => {
  const bad = CONF_REQ.slice();
  bad[9] = 40;
  const t = tree(9, bad);
  assert.ok(t[2].children?.some((c) => c.expert !== undefined));
});
