import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TcpAnalysisInfo } from '../dissect/index';
import { emptyFlowInfoColumns, flowInfoAt, putTcpAnalysis, sliceFlowInfoColumns } from './flow-info-columns';

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
  const s = sliceFlowInfoColumns(c, 1, 4);
  assert.equal(s.count, 3);
  assert.deepEqual(flowInfoAt(s, 0), { tcpStream: 7, tcp: analysis });
  assert.deepEqual(flowInfoAt(s, 2), { ip: { reassembledIn: 9, version: 4, id: 0x23d } });
});

test('TCP PDU info travels by index and is sliced with its packet', () => {
  const c = emptyFlowInfoColumns(3);
  c.pdu[0] = { reassembledIn: 3 };
  c.pdu[2] = { pdu: { segments: [{ number: 1, offset: 0, length: 10, from: 0 }, { number: 3, offset: 10, length: 5, from: 0 }], length: 15 } };
  assert.deepEqual(flowInfoAt(c, 0), { tcpPdu: { reassembledIn: 3 } });
  assert.equal(flowInfoAt(c, 1), undefined);
  const s = sliceFlowInfoColumns(c, 1, 3);
  assert.equal(flowInfoAt(s, 0), undefined);
  assert.deepEqual(flowInfoAt(s, 1), { tcpPdu: c.pdu[2] });
});
