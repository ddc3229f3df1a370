import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureStatus } from '../../core/api';
import { UsageError } from '../command';
import { formatSummary, parseCaptureArgs } from './capture';

const req = (args: string[]) => parseCaptureArgs(args).request;

test('arguments map to a CaptureRequest, dumpcap style', () => {
  assert.deepEqual(req(['-i', 'eth0', '-w', 'out.pcapng']), { interface: 'eth0', outputPath: 'out.pcapng' });
  assert.deepEqual(
    req(['-i', 'veth1', '-f', 'tcp port 80', '-c', '10', '-a', 'duration:5', '-s', '96', '--direction', 'in', '--no-promisc', '-w', '/tmp/x.pcapng']),
    { interface: 'veth1', filter: 'tcp port 80', count: 10, durationSec: 5, snapLen: 96, direction: 'in', promiscuous: false, outputPath: '/tmp/x.pcapng' },
  );
  // Attached values (getopt style), --direction=, -p, and -s 0 meaning the largest snapshot length.
  assert.deepEqual(req(['-ieth0', '-c5', '-s0', '--direction=out', '-p', '-wout.pcapng']), {
    interface: 'eth0',
    count: 5,
    snapLen: 262144,
    direction: 'out',
    promiscuous: false,
    outputPath: 'out.pcapng',
  });
  // An empty filter keeps every packet, as in dumpcap.
  assert.equal(req(['-i', 'lo', '-f', '', '-w', 'o']).filter, '');
});

test('-b is a ring buffer as dumpcap takes it: filesize in kB of 1000 bytes', () => {
  assert.deepEqual(req(['-i', 'lo', '-w', 'r.pcapng', '-b', 'files:3', '-b', 'filesize:1500']).ring, { files: 3, fileMegabytes: 1.5, fileSeconds: undefined });
  assert.deepEqual(req(['-i', 'lo', '-w', 'r.pcapng', '-b', 'duration:2.5']).ring, { files: 0, fileMegabytes: undefined, fileSeconds: 2.5 });
  assert.deepEqual(req(['-i', 'lo', '-w', 'r.pcapng', '-b', 'filesize:1', '-b', 'duration:60', '-b', 'files:100000']).ring, {
    files: 100000,
    fileMegabytes: 0.001,
    fileSeconds: 60,
  });
});

// [args, what the message must say]: every bad argument is a usage error that names it.
const BAD: [string[], RegExp][] = [
  [['-w', 'o'], /^-i IFACE is required/],
  [['-i', 'eth0'], /^-w FILE is required/],
  [['-i', 'eth0', '-w', '-'], /^-w -: writing the capture to standard output is not supported/],
  [['-i', 'eth0', '-w', ''], /^-w needs the name/],
  [['-i', 'a/b', '-w', 'o'], /^-i: "a\/b" is not an interface name/],
  [['-i', 'averyveryverylongname', '-w', 'o'], /^-i: "averyveryverylongname" is not an interface name/],
  [['-i', 'eth0:1', '-w', 'o'], /^-i: "eth0:1"/],
  [['-i', 'eth0', '-w', 'o', '-c', '0'], /^-c: the packet count must be a whole number from 1/],
  [['-i', 'eth0', '-w', 'o', '-c', '1e3'], /^-c: .*"1e3"/],
  [['-i', 'eth0', '-w', 'o', '-c', '-5'], /^-c: .*"-5"/],
  [['-i', 'eth0', '-w', 'o', '-s', '262145'], /^-s: the snapshot length must be a whole number from 0 to 262144/],
  [['-i', 'eth0', '-w', 'o', '-a', 'duration:0'], /^-a duration: the number of seconds must be a whole number from 1/],
  [['-i', 'eth0', '-w', 'o', '-a', 'duration:1.5'], /^-a duration: .*"1.5"/],
  [['-i', 'eth0', '-w', 'o', '-a', 'filesize:100'], /^-a filesize: only -a duration:SEC is supported/],
  [['-i', 'eth0', '-w', 'o', '-a', '10'], /^-a takes KEY:VALUE/],
  [['-i', 'eth0', '-w', 'o', '--direction', 'inout'], /^--direction is in, out or both \(got "inout"\)/],
  [['-i', 'eth0', '-w', 'o', '-b', 'files:3'], /^-b files:N needs -b filesize:KB or -b duration:SEC/],
  [['-i', 'eth0', '-w', 'o', '-b', 'files:0', '-b', 'duration:1'], /^-b files: the number of files must be a whole number from 1 to 100000/],
  [['-i', 'eth0', '-w', 'o', '-b', 'filesize:1.5'], /^-b filesize: the size in kB must be a whole number/],
  [['-i', 'eth0', '-w', 'o', '-b', 'duration:0'], /^-b duration: the number of seconds must be a number above 0/],
  [['-i', 'eth0', '-w', 'o', '-b', 'packets:10'], /^-b packets: only -b files:N, -b filesize:KB and -b duration:SEC/],
  [['-i', 'eth0', '-w', 'o', '-b', 'duration:1', '-b', 'duration:2'], /^-b duration is given twice/],
  [['-i', 'eth0', '-i', 'eth1', '-w', 'o'], /^-i is given twice/],
  [['-i', 'eth0', '-w', 'o', '-q'], /^unknown option -q/],
  [['-i', 'eth0', '-w', 'o', 'tcp'], /^unexpected argument "tcp" \(a filter goes after -f/],
  [['-i', 'eth0', '-w'], /^-w needs a value/],
  [['-i', 'eth0', '-w', 'o', '-f'], /^-f needs a value/],
];
for (const [args, message] of BAD) {
  test(`usage error: trawl capture ${args.join(' ')}`, () => {
    assert.throws(
      () => parseCaptureArgs(args),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  });
}

function status(patch: Partial<CaptureStatus>): CaptureStatus {
  return {
    captureId: 'c1',
    state: 'stopped',
    interface: 'eth0',
    filter: '',
    files: ['/tmp/out.pcapng'],
    received: 12,
    dropped: 2,
    written: 10,
    bytesWritten: 1234,
    startedAt: 0,
    elapsedMs: 1000,
    unsaved: false,
    ...patch,
  };
}

test('the summary says what dumpcap says, then the file(s) written', () => {
  assert.equal(formatSummary(status({})), '10 packets captured, 2 dropped by kernel (received 12)\nFile: /tmp/out.pcapng (1234 bytes)\n');
  assert.equal(formatSummary(status({ written: 1, dropped: 0, received: 1, bytesWritten: 1 })), '1 packet captured, 0 dropped by kernel (received 1)\nFile: /tmp/out.pcapng (1 byte)\n');
  assert.equal(
    formatSummary(status({ files: ['/tmp/a_00002.pcapng', '/tmp/a_00003.pcapng'] })),
    '10 packets captured, 2 dropped by kernel (received 12)\nFiles (2, oldest first; 1234 bytes written in all):\n  /tmp/a_00002.pcapng\n  /tmp/a_00003.pcapng\n',
  );
});
