import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureFormatError, FileAccessError } from '../../core/errors';
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
