import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureRequest } from '../core/api';
import { BadRequestError } from '../core/errors';
import { checkCaptureRequest } from './capture-request';

test('a minimal request: the interface alone, filter empty', () => {
  assert.deepEqual(checkCaptureRequest({ interface: 'eth0' }), { request: { interface: 'eth0', filter: '', bufferMegabytes: 32 }, outputPath: undefined, ring: undefined });
});

test('a relative output path is taken from the working directory; a ring switches by bytes (MB = 10^6) or seconds', () => {
  const c = checkCaptureRequest({ interface: 'veth-a.1', outputPath: 'x/cap.pcapng', ring: { files: 3, fileMegabytes: 0.5, fileSeconds: 60 } }, '/home/u');
  assert.equal(c.outputPath, '/home/u/x/cap.pcapng');
  assert.deepEqual(c.ring, { files: 3, fileBytes: 500_000, fileSeconds: 60 });
});

test('every field a user can get wrong is refused with a message that names it', () => {
  const bad: [unknown, RegExp][] = [
    [undefined, /needs a request/],
    [{ interface: '' }, /not an interface name/],
    [{ interface: 'a/b' }, /not an interface name/],
    [{ interface: 'a:b' }, /not an interface name/],
    [{ interface: 'has space' }, /not an interface name/],
    [{ interface: 'sixteen-chars-xx' }, /not an interface name/],
    [{ interface: 'eth0', filter: 7 }, /filter must be a string/],
    [{ interface: 'eth0', snapLen: 0 }, /snapLen .* 1 to 262144/],
    [{ interface: 'eth0', snapLen: 262145 }, /snapLen/],
    [{ interface: 'eth0', snapLen: 1.5 }, /snapLen/],
    [{ interface: 'eth0', promiscuous: 'yes' }, /promiscuous/],
    [{ interface: 'eth0', bufferMegabytes: 0 }, /bufferMegabytes .* 1 to 1024/],
    [{ interface: 'eth0', bufferMegabytes: 2048 }, /bufferMegabytes/],
    [{ interface: 'eth0', direction: 'up' }, /direction must be in, out or both/],
    [{ interface: 'eth0', count: 0 }, /count/],
    [{ interface: 'eth0', durationSec: -1 }, /durationSec/],
    [{ interface: 'eth0', outputPath: '  ' }, /outputPath/],
    [{ interface: 'eth0', ring: { files: 2, fileSeconds: 1 } }, /needs an output file/],
    [{ interface: 'eth0', outputPath: '/t/x', ring: { files: -1, fileSeconds: 1 } }, /ring.files/],
    [{ interface: 'eth0', outputPath: '/t/x', ring: { files: 2 } }, /fileMegabytes or fileSeconds/],
    [{ interface: 'eth0', outputPath: '/t/x', ring: { files: 2, fileMegabytes: 0 } }, /ring.fileMegabytes/],
    [{ interface: 'eth0', outputPath: '/t/x', ring: { files: 2, fileSeconds: Infinity } }, /ring.fileSeconds/],
  ];
  for (const [req, message] of bad) {
    assert.throws(() => checkCaptureRequest(req as CaptureRequest), (e: unknown) => e instanceof BadRequestError && message.test(e.message), JSON.stringify(req));
  }
});
