import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileAccessError } from '../core/errors';
import { CAPTURES_DIR } from '../scripts/shared-captures';
import { CaptureFileSet, ringFilePath, ringTimestamp } from './capture-files';

const LEAK_TEST = join(CAPTURES_DIR, 'zeek-traces', 'snmp', 'leak_test.pcapng'); // 11168 bytes, 79 packets

let work = '';
let n = 0;
/** A fresh empty folder per test. */
const dir = () => {
  assert.ok(work !== '', 'the work folder is made in before()');
  const d = join(work, `t${n++}`);
  mkdirSync(d);
  return d;
};

function rejects(fn: () => unknown, code: string, message: RegExp): FileAccessError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof FileAccessError, `expected a FileAccessError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected FileAccessError ${code}`);
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'trawl-capture-files-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('ring file names', () => {
  it('stamp local time as YYYYMMDDHHMMSS', () => {
    assert.equal(ringTimestamp(new Date(2026, 10, 3, 9, 5, 7)), '20261103090507');
    assert.equal(ringTimestamp(new Date(1999, 11, 31, 23, 59, 59, 999)), '19991231235959');
  });

  it('are <stem>_<5-digit sequence>_<stamp><ext>, .pcapng when the name has no extension, the sequence wrapping at 100000', () => {
    const at = new Date(2026, 10, 23, 10, 15, 0);
    assert.equal(ringFilePath('/cap/web.pcapng', 1, at), '/cap/web_00001_20261123101500.pcapng');
    assert.equal(ringFilePath('/cap/web.pcap', 42, at), '/cap/web_00042_20261123101500.pcap');
    assert.equal(ringFilePath('/cap/web', 3, at), '/cap/web_00003_20261123101500.pcapng');
    assert.equal(ringFilePath('/cap/a.b.pcapng', 99999, at), '/cap/a.b_99999_20261123101500.pcapng');
    assert.equal(ringFilePath('/cap/web.pcapng', 100000, at), '/cap/web_00000_20261123101500.pcapng');
  });

  it("match dumpcap's own ring names (dumpcap -i - -b filesize:4 on a shared capture)", () => {
    const d = dir();
    const outputPath = join(d, 'leak.pcapng');
    const startedAt = Date.now();
    const r = spawnSync('dumpcap', ['-q', '-i', '-', '-b', 'filesize:4', '-w', outputPath], { input: readFileSync(LEAK_TEST), encoding: 'utf8' });
    assert.equal(r.error, undefined, 'dumpcap (Wireshark) must be installed for this comparison');
    assert.equal(r.status, 0, r.stderr);
    const theirs = readdirSync(d).sort();
    assert.ok(theirs.length >= 2, `dumpcap made ${theirs.length} file(s)`);
    theirs.forEach((name, i) => {
      const stamp = /_(\d{14})\.pcapng$/.exec(name)?.[1] ?? '';
      const at = new Date(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(8, 10), +stamp.slice(10, 12), +stamp.slice(12, 14));
      assert.equal(ringFilePath(outputPath, i + 1, at), join(d, name));
      assert.ok(Math.abs(at.getTime() - startedAt) < 5000, `dumpcap stamped ${stamp}, we read it as ${at.toString()}: not local time?`);
    });
  });
});

describe('CaptureFileSet', () => {
  it('without a ring writes exactly the output path, created owner-only, and no second file', () => {
    const path = join(dir(), 'out.pcapng');
    const set = new CaptureFileSet(path, undefined);
    const f = set.openNext();
    assert.deepEqual([f.index, f.path, f.bytes], [0, path, 0]);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    set.write(Buffer.from('abcd'));
    set.write(new Uint8Array(Buffer.from('xyz!xyz!xyz!')).subarray(4, 8));
    assert.equal(f.bytes, 8);
    assert.deepEqual(set.close(), { path, bytes: 8, deleted: false });
    assert.equal(readFileSync(path, 'utf8'), 'abcdxyz!');
    assert.throws(() => set.openNext(), /internal/);
    assert.deepEqual(set.files, [path]);
    assert.equal(set.bytesWritten, 8);
  });

  it('never overwrites: an existing file is output-exists and keeps its bytes', () => {
    const path = join(dir(), 'taken.pcapng');
    writeFileSync(path, 'precious');
    const e = rejects(() => new CaptureFileSet(path, undefined).openNext(), 'output-exists', /taken\.pcapng already exists\. Choose another file name/);
    assert.equal(e.path, path);
    assert.equal(readFileSync(path, 'utf8'), 'precious');
  });

  it('a missing folder is not-found naming the folder and what to do', () => {
    const d = join(dir(), 'no', 'such');
    rejects(() => new CaptureFileSet(join(d, 'x.pcapng'), undefined).openNext(), 'not-found', new RegExp(`the folder ${d} does not exist\\. Create it`));
    rejects(() => new CaptureFileSet('/dev/null/x.pcapng', { files: 2, fileBytes: 1000 }).openNext(), 'not-found', /is not a folder/);
  });

  it('a folder we may not write to is permission-denied with what to do', () => {
    // Root writes anywhere a mode allows nothing; sysfs refuses new files even to root.
    let d = '/sys';
    if (process.getuid?.() !== 0) {
      d = dir();
      chmodSync(d, 0o500);
    }
    rejects(() => new CaptureFileSet(join(d, 'x.pcapng'), undefined).openNext(), 'permission-denied', /permission denied while creating the capture file\. Choose a folder you can write to/);
  });

  it('with a ring names files as dumpcap, keeps the newest `files`, and deletes the rest oldest first', () => {
    const d = dir();
    let clock = new Date(2026, 0, 2, 3, 4, 5).getTime();
    const set = new CaptureFileSet(join(d, 'ring.pcapng'), { files: 2, fileBytes: 100 }, () => clock);
    const names: string[] = [];
    const deleted: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const f = set.openNext();
      names.push(f.path);
      assert.equal(f.index, i);
      assert.equal(f.openedAt, clock);
      deleted.push(set.deleteOldest());
      set.write(Buffer.alloc(10 + i));
      set.close();
      clock += 1500;
    }
    assert.deepEqual(names, [
      join(d, 'ring_00001_20260102030405.pcapng'),
      join(d, 'ring_00002_20260102030406.pcapng'),
      join(d, 'ring_00003_20260102030408.pcapng'),
      join(d, 'ring_00004_20260102030409.pcapng'),
    ]);
    assert.deepEqual(deleted, [[], [], [names[0]], [names[1]]]);
    assert.deepEqual(set.files, names.slice(2));
    assert.deepEqual(readdirSync(d).sort(), names.slice(2).map((p) => p.slice(d.length + 1)));
    assert.equal(set.bytesWritten, 10 + 11 + 12 + 13);
  });

  it('files: 0 keeps every file; a file somebody already removed counts as deleted', () => {
    const d = dir();
    const all = new CaptureFileSet(join(d, 'all'), { files: 0, fileSeconds: 1 });
    for (let i = 0; i < 3; i++) {
      all.openNext();
      assert.deepEqual(all.deleteOldest(), []);
      all.write(Buffer.alloc(4));
      all.close();
    }
    assert.equal(all.files.length, 3);

    const d2 = dir();
    const one = new CaptureFileSet(join(d2, 'one.pcapng'), { files: 1, fileBytes: 10 });
    const first = one.openNext();
    one.write(Buffer.alloc(4));
    one.close();
    unlinkSync(first.path);
    one.openNext();
    assert.deepEqual(one.deleteOldest(), [first.path]);
    assert.equal(one.files.length, 1);
  });

  it('closing a file nothing was written to deletes it; truncate cuts the file back', () => {
    const path = join(dir(), 'empty.pcapng');
    const set = new CaptureFileSet(path, undefined);
    set.openNext();
    assert.deepEqual(set.close(), { path, bytes: 0, deleted: true });
    assert.equal(existsSync(path), false);
    assert.deepEqual(set.files, []);

    const cut = join(dir(), 'cut.pcapng');
    const c = new CaptureFileSet(cut, undefined);
    const f = c.openNext();
    c.write(Buffer.from('0123456789'));
    c.truncate(4);
    c.write(Buffer.from('ab'));
    assert.equal(f.bytes, 6);
    assert.equal(c.bytesWritten, 6);
    c.close();
    assert.equal(readFileSync(cut, 'utf8'), '0123ab');
  });
});
