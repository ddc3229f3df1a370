import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, captureRequest, isAbsolutePath, optionsErrors, optionsSummary, pathProblem, type CaptureOptionsForm } from './capture-form';

const form = (o: Partial<CaptureOptionsForm>): CaptureOptionsForm => ({ ...DEFAULT_OPTIONS, ...o });

test('the defaults make a plain request: every packet, promiscuous, both directions, a temporary file', () => {
  assert.deepEqual(optionsErrors(DEFAULT_OPTIONS), {});
  assert.deepEqual(captureRequest('eth0', ' udp ', DEFAULT_OPTIONS), {
    request: { interface: 'eth0', filter: ' udp ', promiscuous: true, direction: 'both' },
  });
  assert.equal(optionsSummary(DEFAULT_OPTIONS), 'to a temporary file (Save As keeps it)');
});

test('every field becomes its request member', () => {
  const r = captureRequest(
    'veth1',
    'icmp',
    form({ snapLen: '96', promiscuous: false, direction: 'in', count: '100', durationSec: '30', outputPath: '/tmp/x.pcapng', ring: true, ringFiles: '5', ringMegabytes: '2.5', ringSeconds: '60' }),
  );
  assert.deepEqual(r, {
    request: {
      interface: 'veth1',
      filter: 'icmp',
      snapLen: 96,
      promiscuous: false,
      direction: 'in',
      count: 100,
      durationSec: 30,
      outputPath: '/tmp/x.pcapng',
      ring: { files: 5, fileMegabytes: 2.5, fileSeconds: 60 },
    },
  });
});

test('bad numbers are named by their field, with the allowed range', () => {
  const e = optionsErrors(form({ snapLen: '0', count: '1.5', durationSec: 'ten' }));
  assert.deepEqual(Object.keys(e).sort(), ['count', 'durationSec', 'snapLen']);
  assert.match(e.snapLen ?? '', /from 1 to 262,144/);
  assert.match(e.count ?? '', /whole number/);
  assert.deepEqual(optionsErrors(form({ snapLen: '262145' })).snapLen, 'The snapshot length must be from 1 to 262,144.');
  assert.deepEqual(optionsErrors(form({ snapLen: ' 262144 ' })), {});
  assert.ok('errors' in captureRequest('eth0', '', form({ count: '-3' })));
});

test('a ring buffer needs an output file and a reason to switch files', () => {
  const e = optionsErrors(form({ ring: true, ringMegabytes: '', ringSeconds: '' }));
  assert.match(e.outputPath ?? '', /ring buffer needs an output file/);
  assert.match(e.ringMegabytes ?? '', /megabytes, or seconds/);
  assert.deepEqual(optionsErrors(form({ ring: true, outputPath: '/data/c.pcapng', ringMegabytes: '', ringSeconds: '10' })), {});
  assert.match(optionsErrors(form({ ring: true, outputPath: '/c.pcapng', ringFiles: 'x' })).ringFiles ?? '', /number of files/);
  assert.match(optionsErrors(form({ ring: true, outputPath: '/c.pcapng', ringMegabytes: '0' })).ringMegabytes ?? '', /above 0/);
  assert.deepEqual(optionsErrors(form({ ring: false, ringMegabytes: 'junk' })), {}, 'ring fields do not count while the ring is off');
  assert.equal(optionsSummary(form({ ring: true, ringFiles: '0', outputPath: '/c.pcapng', count: '10' })), 'stop after 10 packets · ring buffer keeping every file · to /c.pcapng');
});

test('paths must be absolute on the engine machine and name a file', () => {
  assert.deepEqual(['/tmp/a.pcapng', 'C:\\x\\a.pcapng', 'd:/a', '\\\\srv\\share\\a'].map(isAbsolutePath), [true, true, true, true]);
  assert.deepEqual(['a.pcapng', './a', '~/a.pcapng', ''].map(isAbsolutePath), [false, false, false, false]);
  assert.equal(pathProblem('/tmp/a.pcapng'), null);
  assert.match(pathProblem('  ') ?? '', /Enter the path/);
  assert.match(pathProblem('out.pcapng') ?? '', /absolute path/);
  assert.match(pathProblem('/tmp/') ?? '', /folder/);
  assert.match(optionsErrors(form({ outputPath: 'relative.pcapng' })).outputPath ?? '', /absolute/);
});
