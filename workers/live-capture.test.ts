/**
 * Live capture through the engine, for real: the engine runs the helper in namespace A (through its
 * `captureLauncher` option) while tcpdump captures there with the same expression and namespace B
 * replays a shared capture. What the engine's session shows, and the file it wrote, must be tcpdump's
 * frames. Needs root (see workers/test/netns.ts).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CaptureStatus, IndexProgress } from '../core/api';
import { BadRequestError, FilterError, HelperError } from '../core/errors';
import { CAPTURES_DIR, REPO_ROOT } from '../scripts/shared-captures';
import { createEngine, type Engine } from './engine';
import { HELPER, NetnsPair, assertSameFrames, assertTsharkReads, exited, readCapture, requireCaptureTools, sh, sleep } from './test/netns';

const REPLAY = join(CAPTURES_DIR, 'zeek-traces', 'dns-edns-ecs.pcap'); // 89 frames: DNS over UDP/TCP, IPv4 and IPv6
const net = new NetnsPair('live');
let work = '';
let engine: Engine;

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) if (await cond()) return;
  assert.fail(`timed out waiting for ${what}`);
}

describe('live capture through the engine, in network namespaces', () => {
  before(() => {
    requireCaptureTools('live-capture tests');
    work = mkdtempSync(join(tmpdir(), 'trawl-live-test-'));
    chmodSync(work, 0o755); // tshark runs as nobody
    net.create();
    engine = createEngine({ tempDir: work, configDir: join(work, 'config'), captureHelperPath: HELPER, captureLauncher: net.inA(), workers: 1 });
  });

  after(async () => {
    try {
      await engine?.dispose();
      net.destroy();
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  it('shows rows as they arrive, throttled, and writes exactly the frames tcpdump captures with the same filter', async () => {
    const expr = 'udp and port 53';
    const output = join(work, 'dns.pcapng');
    const theirs = join(work, 'dns-tcpdump.pcap');
    const progress: { at: number; p: IndexProgress }[] = [];
    const statuses: CaptureStatus[] = [];
    const opened: string[] = [];
    const subs = [
      engine.onIndexProgress((p) => progress.push({ at: Date.now(), p })),
      engine.onCaptureStatus((s) => statuses.push(s)),
      engine.onSessionOpened((s) => opened.push(s.sessionId)),
    ];
    const td = await net.tcpdump(theirs, expr);
    const started = await engine.startCapture({ interface: net.ifA, filter: expr, outputPath: output });
    assert.equal(started.state, 'running');
    assert.equal(started.linkType, 1);
    assert.deepEqual(started.files, [output]);
    assert.equal(started.unsaved, false);
    const sessionId = started.sessionId!;
    assert.deepEqual(opened, [sessionId]);
    assert.equal((await engine.sessions()).find((s) => s.sessionId === sessionId)?.captureId, started.captureId);

    // A display filter applied while capturing fills as packets arrive.
    const view = await engine.applyFilter({ sessionId, expression: 'ip6' });
    const sender = net.replayForever(REPLAY, 400);
    try {
      await until('rows while capturing', async () => (await engine.rows({ sessionId, from: 0, count: 5 })).numbers.length === 5);
      assert.equal((await engine.captureStatus({ captureId: started.captureId })).state, 'running');
      await sleep(1200);
    } finally {
      sender.kill('SIGINT');
      await exited(sender);
    }
    await sleep(300);
    const final = await engine.stopCapture({ captureId: started.captureId });
    td.kill('SIGINT');
    assert.equal(await exited(td), 0);
    subs.forEach((s) => s.dispose());

    assert.equal(final.state, 'stopped');
    assert.equal(final.error, undefined);
    const ours = readCapture(output);
    const tcpdump = readCapture(theirs);
    assert.equal(ours.problem, undefined);
    assert.ok(tcpdump.frames.length > 20, `tcpdump kept ${tcpdump.frames.length} frames`);
    assertSameFrames(ours.frames, tcpdump.frames);
    assert.equal(final.written, ours.frames.length);
    assert.ok(final.received >= final.written && final.dropped === 0, JSON.stringify(final));
    assert.equal(final.bytesWritten, ours.size);
    assert.equal(assertTsharkReads(output, work).length, ours.frames.length);

    // The session shows every frame written, and its view of the display filter equals tshark's.
    const all = (await engine.indexStatus({ sessionId })).packets;
    assert.equal(all, ours.frames.length);
    const rows = await engine.rows({ sessionId, from: 0, count: all });
    assert.deepEqual([...rows.lengths], ours.frames.map((f) => f.origlen));
    const filtered = await engine.whenFiltered(sessionId, view.view);
    const ip6 = sh('tshark', ['-r', output, '-Y', 'ipv6', '-T', 'fields', '-e', 'frame.number']).stdout.trim().split('\n').map(Number);
    assert.deepEqual([...engine.numbersOfView(sessionId, view.view)], ip6);
    assert.equal(filtered.matched, ip6.length);

    // Rows events: at most one per 100 ms while packets arrive (the final one may follow at once).
    const live = progress.filter((e) => e.p.sessionId === sessionId && !e.p.done);
    assert.ok(live.length >= 5, `${live.length} progress events while capturing`);
    for (let i = 1; i < live.length; i++) assert.ok(live[i].at - live[i - 1].at >= 95, `progress events ${live[i].at - live[i - 1].at} ms apart`);
    assert.ok(progress.some((e) => e.p.sessionId === sessionId && e.p.done && e.p.packets === all), 'a final progress event');
    // Status: state changes, and counters at most twice a second.
    assert.deepEqual([...new Set(statuses.map((s) => s.state))], ['running', 'stopping', 'stopped']);
    const counting = statuses.filter((s) => s.state === 'running');
    for (let i = 2; i < counting.length; i++) assert.ok(counting[i].elapsedMs - counting[i - 2].elapsedMs >= 400, 'status events throttled');
  });

  it('a temporary capture: Save As refused while writing, then a copy; closing the session removes the temporary file', async () => {
    const started = await engine.startCapture({ interface: net.ifA, filter: 'icmp' });
    assert.equal(started.unsaved, true);
    const temp = started.files[0];
    assert.ok(temp.startsWith(work) && temp.endsWith('.pcapng'), temp);
    const sessionId = started.sessionId!;
    const target = join(work, 'saved.pcapng');
    await assert.rejects(engine.saveSessionAs({ sessionId, path: target }), (e: unknown) => e instanceof BadRequestError && /stop it first/.test(e.message));
    net.poke();
    await until('three ICMP answers', async () => (await engine.indexStatus({ sessionId })).packets >= 3);
    const statuses: CaptureStatus[] = [];
    const sub = engine.onCaptureStatus((s) => statuses.push(s));
    await engine.stopCapture({ captureId: started.captureId });
    await assert.rejects(engine.saveSessionAs({ sessionId, path: temp }), BadRequestError);
    const saved = await engine.saveSessionAs({ sessionId, path: target });
    sub.dispose();
    assert.deepEqual(readFileSync(target), readFileSync(temp));
    assert.equal(saved.bytes, readFileSync(target).length);
    assert.equal(statuses.at(-1)?.unsaved, false);
    await engine.closeSession({ sessionId });
    assert.ok(!existsSync(temp), 'the temporary file goes with its session');
    assert.ok(existsSync(target));
  });

  it('ring buffer: new files as they fill, only the newest kept, each one readable; the session follows the newest', async () => {
    const base = join(work, 'ring.pcapng');
    const sessions = new Set<string>();
    const sub = engine.onCaptureStatus((s) => s.sessionId && sessions.add(s.sessionId));
    const started = await engine.startCapture({ interface: net.ifA, outputPath: base, ring: { files: 2, fileMegabytes: 0.004 } });
    const sender = net.replayForever(REPLAY, 400);
    try {
      await until('four files', () => sessions.size >= 4, 15_000);
    } finally {
      sender.kill('SIGINT');
      await exited(sender);
    }
    const final = await engine.stopCapture({ captureId: started.captureId });
    sub.dispose();
    assert.equal(final.files.length, 2);
    for (const f of final.files) {
      assert.match(f, /\/ring_\d{5}_\d{14}\.pcapng$/);
      const r = readCapture(f);
      assert.equal(r.problem, undefined);
      assert.ok(r.frames.length > 0);
      assertTsharkReads(f, work);
    }
    assert.equal(final.sessionId, [...sessions].at(-1));
  });

  it('a ring that rotates faster than sessions open (thousands of files a second) skips the files already deleted, never fails', async () => {
    const started = await engine.startCapture({ interface: net.ifA, outputPath: join(work, 'fast.pcapng'), ring: { files: 2, fileMegabytes: 0.002 } });
    const sender = net.replayForever(REPLAY, 5000);
    await sleep(1500);
    sender.kill('SIGINT');
    await exited(sender);
    const final = await engine.stopCapture({ captureId: started.captureId });
    assert.equal(final.state, 'stopped');
    assert.equal(final.error, undefined, JSON.stringify(final.error));
    assert.ok(final.written > 1000, `${final.written} packets`);
    assert.equal(final.files.length, 2);
    for (const f of final.files) assert.equal(readCapture(f).problem, undefined);
    for (const s of await engine.sessions()) if (s.captureId === started.captureId) await engine.closeSession({ sessionId: s.sessionId });
  });

  it('if the app dies mid-capture, the file reads up to the last packet written and the helper goes too', async () => {
    const output = join(work, 'killed.pcapng');
    const script = `
      import { createEngine } from ${JSON.stringify(join(REPO_ROOT, 'workers', 'engine.ts'))};
      const engine = createEngine({ tempDir: ${JSON.stringify(work)}, configDir: ${JSON.stringify(join(work, 'config2'))}, captureHelperPath: ${JSON.stringify(HELPER)}, captureLauncher: ${JSON.stringify(net.inA())} });
      const s = await engine.startCapture({ interface: ${JSON.stringify(net.ifA)}, outputPath: ${JSON.stringify(output)} });
      engine.onCaptureStatus((st) => console.log('written ' + st.written));
      console.log('started ' + s.captureId);`;
    const app = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    app.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const sender = net.replayForever(REPLAY, 300);
    try {
      await until('the app writing packets', () => /written ([3-9]\d|\d{3,})/.test(out), 20_000);
      app.kill('SIGKILL');
      await exited(app);
    } finally {
      sender.kill('SIGINT');
      await exited(sender);
    }
    await until('the helper to stop', () => !sh('pgrep', ['-f', `trawl-capture --interface ${net.ifA}`]).stdout.trim(), 5000);
    const r = readCapture(output);
    assert.ok(r.frames.length >= 30, `${r.frames.length} frames read back`);
    assert.equal(r.problem, undefined, JSON.stringify(r.problem));
    assertTsharkReads(output, work);
  });

  describe('errors a user can act on', () => {
    it('a filter that does not compile: FilterError with its span, before anything runs', async () => {
      await assert.rejects(engine.startCapture({ interface: net.ifA, filter: 'tcp port 99999' }), (e: unknown) => {
        assert.ok(e instanceof FilterError, String(e));
        assert.deepEqual(e.span, [9, 14]);
        return true;
      });
    });

    it('a display filter runs in the kernel when it lowers to BPF; one that needs dissected fields is refused naming its term', async () => {
      const text = 'frame.len > 60 and dns.qry.name contains "x"';
      await assert.rejects(engine.startCapture({ interface: net.ifA, filter: text }), (e: unknown) => {
        assert.ok(e instanceof FilterError, String(e));
        assert.equal(e.code, 'filter-needs-fields');
        assert.equal(text.slice(e.span[0], e.span[1]), 'dns.qry.name contains "x"');
        assert.match(e.message, /cannot run in the kernel/);
        return true;
      });
      const started = await engine.startCapture({ interface: net.ifA, filter: 'frame.len > 60' });
      assert.equal(started.state, 'running');
      assert.equal(started.filter, 'frame.len > 60');
      assert.equal((await engine.stopCapture({ captureId: started.captureId })).error, undefined);
    });

    it('no such interface: HelperError naming it', async () => {
      await assert.rejects(engine.startCapture({ interface: 'nosuch0' }), (e: unknown) => e instanceof HelperError && e.code === 'no-such-interface' && /nosuch0/.test(e.message));
    });

    it('an output file that exists is not overwritten', async () => {
      const existing = join(work, 'dns.pcapng');
      const before = readFileSync(existing);
      await assert.rejects(engine.startCapture({ interface: net.ifA, outputPath: existing }), (e: unknown) => e instanceof Error && /exists/.test(e.message));
      assert.deepEqual(readFileSync(existing), before);
    });

    it('bad requests name the field', async () => {
      await assert.rejects(engine.startCapture({ interface: 'bad/name' }), BadRequestError);
      await assert.rejects(engine.startCapture({ interface: net.ifA, snapLen: 0 }), /snapLen/);
      await assert.rejects(engine.startCapture({ interface: net.ifA, ring: { files: 2, fileSeconds: 5 } }), /needs an output file/);
    });
  });
});
