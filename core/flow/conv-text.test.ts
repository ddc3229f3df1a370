import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowPassOf } from './flow-pass';
import { formatConversationTable, formatSize } from './conv-text';
import { endpointsOf } from './endpoints';
import { tcpPacket, udpPacket } from './test/make-packet';

test('format_size: bytes below 10 kB, then truncated SI units', () => {
  assert.equal(formatSize(0), '0 bytes');
  assert.equal(formatSize(9999), '9999 bytes');
  assert.equal(formatSize(10000), '10 kB');
  assert.equal(formatSize(22987), '22 kB');
  assert.equal(formatSize(9_999_999), '9999 kB');
  assert.equal(formatSize(12_345_678), '12 MB');
});

const pass = flowPassOf([
  tcpPacket(1, 0.25, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: 0x002, seq: 1 }),
  tcpPacket(2, 0.5, '10.0.0.2', 80, '10.0.0.1', 40000, { flags: 0x012, seq: 9, ack: 2, len: 100 }),
  tcpPacket(3, 1.75, '10.0.0.1', 40000, '10.0.0.2', 80, { flags: 0x010, seq: 2, ack: 110 }),
  udpPacket(4, 2, '10.0.0.3', 5353, '10.0.0.4', 5353),
]);

test('tables: A is the first sender, bytes are wire lengths, times relative to the first packet', () => {
  const [tcp] = pass.conversations.table('tcp').rows;
  assert.deepEqual(tcp, { kind: 'tcp', id: 0, addressA: '10.0.0.1', addressB: '10.0.0.2', portA: 40000, portB: 80, packetsAtoB: 2, bytesAtoB: 120, packetsBtoA: 1, bytesBtoA: 160, relStart: 0, duration: 1.5 });
  assert.equal(pass.conversations.table('ipv4').rows.length, 2);
  assert.deepEqual(pass.conversations.table('eth').rows.map((r) => [r.addressA, r.addressB, r.packetsAtoB, r.packetsBtoA]), [['02:00:00:00:00:01', '02:00:00:00:00:02', 3, 0]]);
});

test('a subset table counts only its packets, and its A is the subset\'s first sender', () => {
  const [tcp] = pass.conversations.tableOf('tcp', { count: 2, numberAt: (i) => [2, 3][i] }).rows;
  assert.equal(tcp.addressA, '10.0.0.2');
  assert.equal(tcp.portA, 80);
  assert.equal(tcp.packetsAtoB, 1);
  assert.equal(tcp.packetsBtoA, 1);
  assert.equal(tcp.relStart, 0.25);
  assert.equal(pass.conversations.tableOf('udp', { count: 1, numberAt: () => 1 }).rows.length, 0);
});

test('the text is tshark -z conv,tcp\'s', () => {
  assert.equal(
    formatConversationTable('tcp', pass.conversations.table('tcp').rows),
    [
      '================================================================================',
      'TCP Conversations',
      'Filter:<No Filter>',
      '                                                           |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |',
      '                                                           | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |',
      '10.0.0.1:40000             <-> 10.0.0.2:80                      1 160 bytes       2 120 bytes       3 280 bytes     0.000000000         1.5000',
      '================================================================================',
      '',
    ].join('\n'),
  );
});

test('endpoints sum their conversations', () => {
  const eps = endpointsOf('tcp', pass.conversations.table('tcp').rows);
  assert.deepEqual(eps[0], { kind: 'tcp', address: '10.0.0.1', port: 40000, packetsTx: 2, bytesTx: 120, packetsRx: 1, bytesRx: 160 });
  assert.deepEqual(eps[1], { kind: 'tcp', address: '10.0.0.2', port: 80, packetsTx: 1, bytesTx: 160, packetsRx: 2, bytesRx: 120 });
});
