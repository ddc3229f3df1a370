import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexBytes, layers, must, summarize, tree } from '../test/packet';
import { httpHeuristicAt, parseStartLine } from './http';

// testmyids.pcap #4, tshark: HTTP 142 GET / HTTP/1.1
//   Host: testmyids.com\r\n  User-Agent: curl/8.5.0\r\n  Accept: */*\r\n  \r\n
//   [Full request URI: http://testmyids.com/]
const GET = hexBytes(
  '46e583e6b6a14e9519726e14080045000080b2f6400040060113ac110002d9a000bbd3920050fcb2d42b900dc8c1801801f686e100000101080a6689f420477c1ef0' +
    '474554202f20485454502f312e310d0a486f73743a20746573746d796964732e636f6d0d0a557365722d4167656e743a206375726c2f382e352e300d0a4163636570743a202a2f2a0d0a0d0a',
);
// testmyids.pcap #6, tshark: HTTP 423 HTTP/1.1 200 OK  (text/html); Content-Length: 39, body "uid=0(root) …\n"
const OK = hexBytes(
  '4e9519726e1446e583e6b6a1080045000199ef2a4000fb0608c5d9a000bbac1100020050d392900dc8c1fcb2d47780180010d0a000000101080a477c1f9e6689f420' +
    '485454502f312e3120323030204f4b0d0a436f6e74656e742d547970653a20746578742f68746d6c0d0a436f6e74656e742d4c656e6774683a2033390d0a436f6e6e656374696f6e3a206b6565702d616c6976650d0a582d57532d4f726967696e3a20617661696c61626c650d0a582d57532d526174654c696d69742d4c696d69743a20313030300d0a582d57532d526174654c696d69742d52656d61696e696e673a203939390d0a446174653a204d6f6e2c203330204d617220323032362032333a35303a333520474d540d0a5365727665723a204170616368650d0a4c6173742d4d6f6469666965643a204d6f6e2c203135204a616e20323030372032333a31313a353520474d540d0a455461673a202232372d34323731633566316163346330220d0a4163636570742d52616e6765733a2062797465730d0a0d0a7569643d3028726f6f7429206769643d3028726f6f74292067726f7570733d3028726f6f74290a',
);

test('http: request line, headers and columns', () => {
  const s = summarize(1, GET, GET.length);
  assert.deepEqual([s.protocol, s.info], ['HTTP', 'GET / HTTP/1.1 ']);
  const t = tree(1, GET);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'http']);
  const m = must(t, 'http.request.method');
  assert.deepEqual([m.label, m.offset, m.length], ['Request Method: GET', 66, 3]);
  const host = must(t, 'http.host');
  assert.deepEqual([host.label, host.offset, host.length], ['Host: testmyids.com\\r\\n', 82, 21]);
  assert.equal(must(t, 'http.request.full_uri').label, '[Full request URI: http://testmyids.com/]');
  assert.equal(must(t, 'http.accept').label, 'Accept: */*\\r\\n');
});

test('http: status line, known and unknown headers, a text body', () => {
  const s = summarize(1, OK, OK.length);
  assert.deepEqual([s.protocol, s.info], ['HTTP', 'HTTP/1.1 200 OK  (text/html)']);
  const t = tree(1, OK);
  assert.deepEqual(layers(t), ['eth', 'ip', 'tcp', 'http', 'data-text-lines']);
  const code = must(t, 'http.response.code');
  assert.deepEqual([code.label, code.offset, code.length], ['Status Code: 200', 75, 3]);
  assert.equal(must(t, 'http.response.code.desc').label, '[Status Code Description: OK]');
  assert.equal(must(t, 'http.content_length').label, '[Content length: 39]');
  assert.equal(must(t, 'http.server').label, 'Server: Apache\\r\\n');
  assert.ok(t[4].children?.some((c) => c.label === 'X-WS-Origin: available\\r\\n' && c.field === undefined));
  assert.deepEqual([t[5].offset, t[5].length], [384, 39]);
});

test('http: a segment that starts no message is Continuation', () => {
  const cont = OK.slice(0, 66 + 17 + 20);
  cont.set(new TextEncoder().encode('tent-Type'), 66);
  cont[17] = 0x59; // IP total length 0x59 = 89 = 20 + 32 + 37
  const s = summarize(1, cont, cont.length);
  assert.deepEqual([s.protocol, s.info, s.malformed], ['HTTP', 'Continuation', false]);
});

test('http: headers cut by the snapshot length do not throw', () => {
  for (const cut of [84, 90, 120, 200]) {
    const s = summarize(1, OK.slice(0, cut), OK.length);
    assert.equal(s.protocol, 'HTTP');
    assert.ok(s.info.startsWith('HTTP/1.1 200 OK'));
    assert.doesNotThrow(() => tree(1, OK.slice(0, cut), OK.length));
  }
});

test('http: start lines', () => {
  assert.deepEqual(parseStartLine('HTTP/1.0 404 Not Found'), { kind: 'response', version: 'HTTP/1.0', code: 404, codeText: '404', phrase: 'Not Found', phraseAt: 13 });
  assert.equal(parseStartLine('FOO / HTTP/1.1'), undefined);
  assert.equal(parseStartLine('GET /a b HTTP/1.1')?.kind, 'request');
  assert.equal(parseStartLine('HTTP/1.1 2x0 OK'), undefined);
});

test("http: Wireshark's heuristic on unclaimed TCP ports (a first line ending or starting with HTTP/1.1)", () => {
  const yes = (s: string) => httpHeuristicAt(new TextEncoder().encode(s), 0, s.length);
  assert.equal(yes('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), true);
  assert.equal(yes('http/1.1 200 OK\r\n'), true, 'any case');
  assert.equal(yes('POST /x hTtP/1.1\n'), true, 'a bare LF ends the line too');
  assert.equal(yes('GET / HTTP/1.0\r\n\r\n'), false, 'only 1.1 (a 1.0 stream becomes HTTP by its 1.1 messages, or not)');
  assert.equal(yes('HTTP/1.1\r\n'), false, 'a line of exactly 8 bytes is refused, as Wireshark refuses it');
  assert.equal(yes('GET / HTTP/1.1'), false, 'no line end yet');
  assert.equal(yes('GET / HTTP/1.1\r'), false, 'a CR at the end may be half a CRLF');
  assert.equal(yes('\x16\x03\x01\x00\x05hello'), false);
  const span = new TextEncoder().encode('xxGET / HTTP/1.1\r\nyy');
  assert.equal(httpHeuristicAt(span, 2, 16), true, 'from an offset, within the bytes given');
  assert.equal(httpHeuristicAt(span, 2, 14), false, 'the line end past the bytes given does not count');
});
