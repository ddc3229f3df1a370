import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureFormatError, FileAccessError, HelperError } from '../../core/errors';
import { ChannelClosedError } from '../../core/rpc/protocol';
import { describeError } from './user-error';

test('engine errors keep their user-facing message', () => {
  const e = describeError('Could not open a.pcap', new CaptureFormatError('bad-magic', 'Not a pcap or pcapng file.', 0));
  assert.deepEqual(e, { title: 'Could not open a.pcap', message: 'Not a pcap or pcapng file.' });
  assert.equal(describeError('t', new FileAccessError('enoent', 'No such file: /x', '/x')).message, 'No such file: /x');
  assert.equal(describeError('t', new ChannelClosedError('closed')).message, 'The connection to the engine was lost.');
  assert.equal(describeError('t', 'boom').message, 'boom');
  assert.equal(describeError('t', new Error('')).message, 'An unexpected error occurred.');
});

test('a helper error keeps its message (what to do) and adds its stderr when that says more', () => {
  const fix = 'Trawl may not capture here. Run: sudo setcap cap_net_raw,cap_net_admin=ep /opt/trawl/trawl-capture';
  assert.deepEqual(describeError('Could not start the capture on eth0', new HelperError('permission', fix, 4, 'socket: Operation not permitted\n')), {
    title: 'Could not start the capture on eth0',
    message: fix,
    detail: 'socket: Operation not permitted',
  });
  assert.deepEqual(describeError('t', new HelperError('no-such-device', 'No interface eth9.', 3, 'No interface eth9.')), { title: 't', message: 'No interface eth9.' });
  assert.deepEqual(describeError('t', new HelperError('crashed', 'The helper crashed.', null, '', 'SIGSEGV')), { title: 't', message: 'The helper crashed.' });
});
