import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';

// zeek-traces/syslog-single-udp.pcap #1, tshark: Syslog  LOCAL0.NOTICE: Apr  5 12:56:51 robin: Hello, syslog!\000
//   1000 0... = Facility: LOCAL0 - reserved for local use (16); .... .101 = Level: NOTICE - … (5)
//   Message: Apr  5 12:56:51 robin: Hello, syslog! — timestamp, hostname "robin:", process id "Hello", message id ", syslog!"
const MSG = hexBytes(
  '000000000000000000000000080045000047694f40004011d3547f0000017f000001deeb0202003311943c3133333e4170722020352031323a35363a353120726f62696e3a2048656c6c6f2c207379736c6f672100',
);

test('syslog: facility, level, message and its RFC 3164 header', () => {
  const s = summarize(1, MSG, MSG.length);
  assert.deepEqual([s.protocol, s.info], ['Syslog', 'LOCAL0.NOTICE: Apr  5 12:56:51 robin: Hello, syslog!\\000']);
  const t = tree(1, MSG);
  assert.deepEqual(layers(t), ['eth', 'ip', 'udp', 'syslog']);
  assert.equal(must(t, 'syslog.facility').label, '1000 0... = Facility: LOCAL0 - reserved for local use (16)');
  assert.equal(must(t, 'syslog.level').label, '.... .101 = Level: NOTICE - normal but significant condition (5)');
  const msg = must(t, 'syslog.msg');
  assert.deepEqual([msg.label, msg.offset, msg.length], ['Message: Apr  5 12:56:51 robin: Hello, syslog!', 47, 38]);
  assert.equal(must(t, 'syslog.timestamp_rfc3164').label, 'Syslog timestamp (RFC3164): Apr  5 12:56:51');
  assert.equal(must(t, 'syslog.hostname').label, 'Syslog hostname: robin:');
  assert.equal(must(t, 'syslog.procid').label, 'Syslog process id: Hello');
  assert.equal(must(t, 'syslog.msgid').label, 'Syslog message id: , syslog!');
});

test('syslog: without a valid <PRI> the whole payload is the message', () => {
  const bad = MSG.slice();
  bad[43] = 0x41; // '<133>' -> '<A33>'
  const s = summarize(1, bad, bad.length);
  assert.equal(s.info, '<A33>Apr  5 12:56:51 robin: Hello, syslog!\\000');
  assert.equal(s.malformed, false);
});
