import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureFromArgs, captureFromSecondInstance, userArgs } from './launch-args';

test('`electron . FILE` in development opens FILE, relative to the working directory', () => {
  assert.equal(captureFromArgs({ argv: ['/x/electron', '.', 'dns.pcap'], packaged: false, cwd: '/home/u' }), '/home/u/dns.pcap');
  assert.equal(captureFromArgs({ argv: ['/x/electron', '/app', '/tmp/a.pcapng'], packaged: false, cwd: '/' }), '/tmp/a.pcapng');
});

test('a packaged `trawl FILE` opens FILE', () => {
  assert.equal(captureFromArgs({ argv: ['/opt/Trawl/trawl', 'x.pcap'], packaged: true, cwd: '/data' }), '/data/x.pcap');
});

test('no file, and Chromium switches anywhere, open nothing', () => {
  assert.equal(captureFromArgs({ argv: ['/x/electron', '.'], packaged: false, cwd: '/' }), null);
  assert.equal(captureFromArgs({ argv: ['/opt/Trawl/trawl'], packaged: true, cwd: '/' }), null);
  assert.equal(captureFromArgs({ argv: ['/opt/Trawl/trawl', '--enable-logging', '--no-sandbox'], packaged: true, cwd: '/' }), null);
  assert.equal(
    captureFromArgs({ argv: ['/x/electron', '--inspect=9229', '.', '--enable-logging', 'a.pcap'], packaged: false, cwd: '/c' }),
    '/c/a.pcap',
  );
});

test('after `--` a name that starts with a dash is a file', () => {
  assert.deepEqual(userArgs({ argv: ['/opt/Trawl/trawl', '--', '-odd.pcap'], packaged: true }), ['-odd.pcap']);
  assert.equal(captureFromArgs({ argv: ['/x/electron', '.', '--', '-odd.pcap'], packaged: false, cwd: '/w' }), '/w/-odd.pcap');
});

test('a second instance uses the argv and directory it sent, falling back to what Electron passes', () => {
  const sent = { argv: ['/opt/Trawl/trawl', 'b.pcap'], cwd: '/there' };
  assert.equal(captureFromSecondInstance(['/opt/Trawl/trawl', '--allow-x', 'c.pcap'], '/here', sent, true), '/there/b.pcap');
  assert.equal(captureFromSecondInstance(['/opt/Trawl/trawl', '--allow-x', 'c.pcap'], '/here', null, true), '/here/c.pcap');
  assert.equal(captureFromSecondInstance(['/opt/Trawl/trawl', 'c.pcap'], '/here', { argv: 'nope', cwd: 1 }, true), '/here/c.pcap');
});
