import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldCells } from '../test/field-cells';
import { hexBytes, must, tree } from '../test/packet';
import { radiotapFlags } from './radiotap';

// tcpdump-tests/reason_code-3.pcap #1: radiotap v0, length 24, present 0x0000588e (flags, rate, channel,
// lock quality, antenna, dB antenna signal, RX flags); tshark: radiotap.flags 0x00, datarate 1, channel.freq 2412,
// channel.flags 0x00a0, antenna 0 (values below as tshark -T fields prints them)
const FRAME = hexBytes('000018008e58000000026c09a000640000390000feaa65acc0003a01000c4182b255000d9382363a000c4182b255500b0300');

test('radiotap: header, present flags and the aligned fields', () => {
  const t = tree(127, FRAME);
  assert.equal(t[1].label, 'Radiotap Header v0, Length 24');
  const freq = must(t, 'radiotap.channel.freq');
  assert.deepEqual([freq.offset, freq.length], [10, 2]);
  const cells = fieldCells(127, FRAME, ['radiotap.present.word', 'radiotap.present.tsft', 'radiotap.present.channel', 'radiotap.flags', 'radiotap.datarate', 'radiotap.channel.flags', 'radiotap.dbm_antsignal', 'radiotap.antenna']);
  assert.deepEqual(cells, {
    'radiotap.present.word': '0x0000588e',
    'radiotap.present.tsft': '0',
    'radiotap.present.channel': '1',
    'radiotap.flags': '0x00',
    'radiotap.datarate': '1',
    'radiotap.channel.flags': '0x00a0',
    'radiotap.dbm_antsignal': '', // not present in this header (dB, not dBm, signal)
    'radiotap.antenna': '0',
  });
});

test('radiotapFlags reads the Flags field (FCS at end) without throwing on junk', () => {
  assert.equal(radiotapFlags(FRAME), 0);
  const fcs = FRAME.slice();
  fcs[8] = 0x10;
  assert.equal(radiotapFlags(fcs), 0x10);
  assert.equal(radiotapFlags(new Uint8Array(3)), 0);
});
