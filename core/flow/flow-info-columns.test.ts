import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TcpAnalysisInfo } from '../dissect/index';
import { emptyFlowInfoColumns, flowInfoAt, PduColumnsBuilder, putTcpAnalysis } from './flow-info-columns';

const analysis: TcpAnalysisInfo = {
  headerOffset: 34, relSeq: 4294967295, relAck: 1, nextSeq: 0, window: 1073725440, windowScale: -2, present: true, flags: 0x4401,
  dupAckNum: 3, dupAckFrame: 7, acksFrame: 9, ackRttNs: 123456789012, initialRttNs: 1, bytesInFlight: 1448, pushBytesSent: 0, rtoNs: 2e9, rtoFrame: 5,
};

test('packed flow info gives back each packet as it went in, and nothing for packets without any', () => {
  const c = emptyFlowInfoColumns(4);
  c.tcpStream[1] = 7;
  putTcpAnalysis(c, 1, analysis);
  c.udpStream[2] = 0;
  c.ip[3] = { reassembledIn: 9, version: 4, id: 0x23d };
  assert.equal(flowInfoAt(c, 0), undefined);
  assert.deepEqual(flowInfoAt(c, 1), { tcpStream: 7, tcp: analysis });
  assert.deepEqual(flowInfoAt(c, 2), { udpStream: 0 });
  assert.deepEqual(flowInfoAt(c, 3), { ip: { reassembledIn: 9, version: 4, id: 0x23d } });
});

test('TCP PDU info is packed row by row and given back as it went in, bytes put together on demand', () => {
  const c = emptyFlowInfoColumns(5);
  const b = new PduColumnsBuilder(5);
  const completing = { pdu: { segments: [{ number: 1, offset: 0, length: 10, from: 0 }, { number: 3, offset: 10, length: 5, from: 2 }], length: 15 } };
  b.put(0, 3, 0, undefined);
  b.put(2, 9, 7, completing.pdu);
  b.put(3, 0, 4, undefined);
  c.pdu = b.finish();
  assert.deepEqual(flowInfoAt(c, 0), { tcpPdu: { reassembledIn: 3, startsAt: 0 } });
  assert.equal(flowInfoAt(c, 1), undefined);
  assert.deepEqual(flowInfoAt(c, 2), { tcpPdu: { ...completing, reassembledIn: 9, startsAt: 7 } });
  assert.deepEqual(flowInfoAt(c, 3), { tcpPdu: { startsAt: 4 } });
  assert.equal(flowInfoAt(c, 4), undefined);
  const bytes = new Uint8Array(15).fill(7);
  assert.deepEqual(flowInfoAt(c, 2, (pdu) => (pdu.length === 15 ? bytes : undefined))?.tcpPdu?.pdu?.bytes, bytes);
  assert.equal(flowInfoAt(c, 2, () => undefined)?.tcpPdu?.pdu?.bytes, undefined, 'a PDU that cannot be put together keeps its segment list');
  assert.equal(new PduColumnsBuilder(3).finish(), undefined, 'no row with info: no columns');
});
