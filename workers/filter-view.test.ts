import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilterProgress } from '../core/api';
import { FilterError, NotFoundError } from '../core/errors';
import { createEngine, type Engine, type EngineOptions } from './engine';
import { tcpdumpDump, tcpdumpKeeps } from './test/tcpdump-filter-oracle';
import { CAPTURES_DIR } from '../scripts/shared-captures';

const cap = (p: string) => join(CAPTURES_DIR, p);
/** A pcapng with two interfaces of different link types: three DHCP frames on Ethernet, one UDP frame on NULL. */
const MIXED = cap('pcapng-test-generator/output_le/difficult/test201.pcapng');

async function withEngine(fn: (engine: Engine) => Promise<void>, opts: EngineOptions = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'trawl-filter-test-'));
  const engine = createEngine({ configDir: join(dir, 'config'), tempDir: dir, workers: 2, ...opts });
  try {
    await fn(engine);
  } finally {
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

async function filterAll(engine: Engine, path: string, expression: string): Promise<{ numbers: number[]; final: FilterProgress }> {
  const { sessionId } = await engine.openFile({ path });
  const first = await engine.applyFilter({ sessionId, expression });
  const final = await engine.whenFiltered(sessionId, first.view);
  return { numbers: [...engine.numbersOfView(sessionId, first.view)], final };
}

// [capture, expression]: the view must hold exactly the frames tcpdump keeps. Add cases freely.
const CASES: [string, string][] = [
  ['zeek-traces/ssh/ssh.pcap', 'tcp port 22'],
  ['zeek-traces/ssh/ssh.pcap', 'tcp[tcpflags] & tcp-syn != 0'],
  ['zeek-traces/ssh/ssh.pcap', 'src host 192.168.1.32 and greater 200'],
  ['zeek-traces/modbus/modbusBig.pcap', 'tcp dst port 502'],
  ['tcpdump-tests/tcp-handshake-nano.pcap', 'tcp'],
  ['libpcap-tests/filter/gateway_or_not.pcap', 'not ip'],
  ['wireshark-captures/dhcp-nanosecond.pcapng', 'udp port 67 or udp port 68'],
  ['tcpdump-tests/babel.pcap', 'ip6 multicast'], // LINUX_SLL
  ['tcpdump-tests/ikev2four.pcap', 'udp port 500'], // NULL
  ['tcpdump-tests/ieee802.11_exthdr.pcap', 'wlan type mgt'], // IEEE802_11_RADIO
  ['tcpdump-tests/HDLC.pcap', 'ip'], // C_HDLC
  ['zeek-traces/llc.pcap', 'llc and not ip6'], // FDDI
  [MIXED, 'ip'],
  [MIXED, 'udp port 17500'],
  [MIXED, 'ether host ff:ff:ff:ff:ff:ff'],
];

test('a display filter keeps exactly the frames tcpdump keeps (small chunks across 2 workers)', async () => {
  await withEngine(
    async (engine) => {
      for (const file of new Set(CASES.map(([f]) => f))) {
        const path = file.startsWith('/') ? file : cap(file);
        const { sessionId } = await engine.openFile({ path });
        const indexed = await engine.whenIndexed(sessionId);
        for (const [, expression] of CASES.filter(([f]) => f === file)) {
          const at = `${file}: ${expression}`;
          const events: FilterProgress[] = [];
          const sub = engine.onFilterProgress((p) => events.push(p));
          const first = await engine.applyFilter({ sessionId, expression });
          const final = await engine.whenFiltered(sessionId, first.view);
          sub.dispose();
          const numbers = [...engine.numbersOfView(sessionId, first.view)];
          assert.deepEqual(numbers, tcpdumpKeeps(path, expression), at);
          assert.equal(final.done, true, at);
          assert.equal(final.cancelled, false, at);
          assert.equal(final.matched, numbers.length, at);
          assert.equal(final.scanned, indexed.packets, at);
          assert.equal(final.total, indexed.packets, at);
          assert.ok(events.at(-1)?.done, `${at}: the last event is the final one`);
          // rows() of the view are the view's packets, with their summaries.
          const page = await engine.rows({ sessionId, view: final.view, from: 0, count: 1e9 });
          assert.deepEqual([...page.numbers], numbers, at);
          assert.equal(page.text.length, numbers.length * 4, at);
        }
        await engine.closeSession({ sessionId });
      }
    },
    { filterChunkPackets: 97 },
  );
});

test('a capture without packets gives an empty, finished view; a bad expression is still refused', async () => {
  await withEngine(async (engine) => {
    const { sessionId } = await engine.openFile({ path: cap('pcapng-test-generator/output_le/basic/test014.pcapng') });
    const first = await engine.applyFilter({ sessionId, expression: 'udp' });
    const final = await engine.whenFiltered(sessionId, first.view);
    assert.equal(final.done, true);
    assert.equal(final.matched, 0);
    await assert.rejects(engine.applyFilter({ sessionId, expression: 'udp port' }), FilterError);
  });
});

test('in-process filtering (no workers) gives the same view', async () => {
  await withEngine(
    async (engine) => {
      const path = cap('zeek-traces/ssh/ssh.pcap');
      const { numbers } = await filterAll(engine, path, 'tcp port 22 and len > 100');
      assert.deepEqual(numbers, tcpdumpKeeps(path, 'tcp port 22 and len > 100'));
    },
    { workers: 0, filterChunkPackets: 300 },
  );
});

test('a filter applied while the capture is still indexing follows the index to the end', async () => {
  await withEngine(
    async (engine) => {
      const path = cap('zeek-traces/modbus/modbusBig.pcap');
      const { sessionId } = await engine.openFile({ path });
      const first = await engine.applyFilter({ sessionId, expression: 'tcp src port 502' });
      assert.equal(first.done, false);
      // rows() of the view answers while it fills: always a prefix of the final view.
      const early: number[][] = [];
      const sub = engine.onFilterProgress((p) => {
        if (!p.done) early.push([...engine.numbersOfView(sessionId, first.view)]);
      });
      const page = await engine.rows({ sessionId, view: first.view, from: 0, count: 100 });
      const final = await engine.whenFiltered(sessionId, first.view);
      sub.dispose();
      const indexed = await engine.whenIndexed(sessionId);
      assert.equal(final.scanned, indexed.packets);
      const expected = tcpdumpKeeps(path, 'tcp src port 502');
      assert.deepEqual([...engine.numbersOfView(sessionId, first.view)], expected);
      assert.deepEqual([...page.numbers], expected.slice(0, page.numbers.length));
      assert.ok(early.length > 0, 'progress while scanning');
      for (const e of early) assert.deepEqual(e, expected.slice(0, e.length));
    },
    { indexChunkSize: 16 * 1024, filterChunkPackets: 64 },
  );
});

test('cancelFilter stops the scan and keeps an exact prefix; cancelling again is harmless', async () => {
  await withEngine(
    async (engine) => {
      const path = cap('zeek-traces/modbus/modbusBig.pcap');
      const { sessionId } = await engine.openFile({ path });
      await engine.whenIndexed(sessionId);
      const first = await engine.applyFilter({ sessionId, expression: 'tcp' });
      await engine.cancelFilter({ sessionId, view: first.view });
      const final = await engine.filterStatus({ sessionId, view: first.view });
      assert.equal(final.done, true);
      assert.equal(final.cancelled, true);
      assert.ok(final.scanned < final.total, `stopped early (${final.scanned} of ${final.total})`);
      const expected = tcpdumpKeeps(path, 'tcp').filter((n) => n <= final.scanned);
      assert.deepEqual([...engine.numbersOfView(sessionId, first.view)], expected);
      assert.deepEqual(await engine.whenFiltered(sessionId, first.view), final);
      await engine.cancelFilter({ sessionId, view: first.view });
      assert.deepEqual(await engine.filterStatus({ sessionId, view: first.view }), final);
    },
    { workers: 1, filterChunkPackets: 20 },
  );
});

test('a bad expression: checkFilter answers with the error and its span, applyFilter rejects with FilterError', async () => {
  await withEngine(async (engine) => {
    const { sessionId } = await engine.openFile({ path: cap('zeek-traces/ssh/ssh.pcap') });
    const expression = 'tcp port 22 and';
    const check = await engine.checkFilter({ sessionId, expression });
    assert.equal(check.ok, false);
    assert.ok(!check.ok && check.error.span[0] >= 0 && check.error.span[1] <= expression.length && check.error.message.length > 0);
    await assert.rejects(engine.applyFilter({ sessionId, expression }), (e: unknown) => {
      assert.ok(e instanceof FilterError);
      assert.ok(e.span[0] >= 0 && e.span[1] <= expression.length);
      return true;
    });
    const unknown = await engine.checkFilter({ expression: 'tcp prot 22' });
    assert.equal(unknown.ok, false);
    assert.ok(!unknown.ok && unknown.error.span[0] >= 4, JSON.stringify(unknown));
  });
});

test('checkFilter lists one program per link type with its tcpdump -d listing', async () => {
  await withEngine(async (engine) => {
    const plain = await engine.checkFilter({ expression: 'tcp port 22' });
    assert.ok(plain.ok);
    assert.equal(plain.programs.length, 1);
    assert.equal(plain.programs[0].linkTypeName, 'EN10MB');
    assert.equal(plain.programs[0].listing, tcpdumpDump('EN10MB', 'd', 'tcp port 22'));
    const raw = await engine.checkFilter({ expression: 'udp', linkType: 101 });
    assert.ok(raw.ok);
    assert.equal(raw.programs[0].listing, tcpdumpDump('RAW', 'd', 'udp'));

    const { sessionId } = await engine.openFile({ path: MIXED });
    const both = await engine.checkFilter({ sessionId, expression: 'ip' });
    assert.ok(both.ok);
    assert.deepEqual(both.programs.map((p) => p.linkTypeName).sort(), ['EN10MB', 'NULL']);
    assert.equal(both.programs.find((p) => p.linkType === 0)?.listing, tcpdumpDump('NULL', 'd', 'ip'));
    // `ether` means nothing on BSD loopback: only the Ethernet interface gets a program.
    const ether = await engine.checkFilter({ sessionId, expression: 'ether broadcast' });
    assert.ok(ether.ok);
    assert.deepEqual(ether.programs.map((p) => p.linkTypeName), ['EN10MB']);
    const empty = await engine.checkFilter({ expression: '' });
    assert.ok(empty.ok && empty.programs[0].instructions === 1);
  });
});

test('dropView forgets the view; closing a session while it filters drops its views', async () => {
  await withEngine(
    async (engine) => {
      const path = cap('zeek-traces/modbus/modbusBig.pcap');
      const { sessionId } = await engine.openFile({ path });
      const a = await engine.applyFilter({ sessionId, expression: 'tcp' });
      const b = await engine.applyFilter({ sessionId, expression: 'udp' });
      assert.notEqual(a.view, b.view);
      await engine.whenFiltered(sessionId, a.view);
      await engine.dropView({ sessionId, view: a.view });
      await assert.rejects(engine.rows({ sessionId, view: a.view, from: 0, count: 10 }), NotFoundError);
      await assert.rejects(engine.filterStatus({ sessionId, view: a.view }), NotFoundError);
      await assert.rejects(engine.dropView({ sessionId, view: a.view }), NotFoundError);
      // The `all` view is not a filter view.
      await assert.rejects(engine.dropView({ sessionId, view: 'all' }), NotFoundError);
      const c = await engine.applyFilter({ sessionId, expression: 'tcp port 502' });
      const cFinal = engine.whenFiltered(sessionId, c.view);
      await engine.closeSession({ sessionId });
      assert.equal((await cFinal).done, true);
      await assert.rejects(engine.filterStatus({ sessionId, view: c.view }), NotFoundError);
    },
    { filterChunkPackets: 50 },
  );
});

test('a file cut short under an open session ends the filter with a problem, keeping what matched', async () => {
  await withEngine(async (engine) => {
    const dir = await mkdtemp(join(tmpdir(), 'trawl-filter-shrink-'));
    try {
      const path = join(dir, 'copy.pcap');
      await copyFile(cap('zeek-traces/ssh/ssh.pcap'), path);
      const { sessionId } = await engine.openFile({ path });
      await engine.whenIndexed(sessionId);
      const size = (await stat(path)).size;
      await truncate(path, Math.floor(size / 2));
      const first = await engine.applyFilter({ sessionId, expression: 'tcp' });
      await assert.rejects(engine.whenFiltered(sessionId, first.view), /ends at byte|changed/);
      const final = await engine.filterStatus({ sessionId, view: first.view });
      assert.equal(final.done, true);
      assert.equal(final.cancelled, true);
      assert.match(final.problem ?? '', /changed while open/);
      assert.ok(final.scanned < final.total, `scanned ${final.scanned} of ${final.total}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, { filterChunkPackets: 50 });
});

/** The frames `tshark -r path -Y expression` displays (1-based numbers). */
function tsharkDisplays(path: string, expression: string): number[] {
  const out = execFileSync('tshark', ['-r', path, '-Y', expression, '-T', 'fields', '-e', 'frame.number'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter((l) => l !== '').map(Number);
}

// [capture, display filter, how it runs]: the view must hold exactly the frames tshark -Y shows.
const DISPLAY_CASES: [string, string, 'bpf' | 'fields'][] = [
  ['zeek-traces/wikipedia.pcap', 'dns.qry.name contains "a"', 'fields'],
  ['zeek-traces/wikipedia.pcap', 'tcp.flags.syn == 1 and tcp.flags.ack == 0', 'fields'],
  ['zeek-traces/wikipedia.pcap', 'frame.time_relative > 5 && ipv6', 'fields'],
  ['zeek-traces/wikipedia.pcap', 'frame.len > 100', 'bpf'],
  ['zeek-traces/dce-rpc/mapi.pcap', 'http.request.method == "GET" or udp.port == 53', 'fields'],
  ['zeek-traces/dce-rpc/mapi.pcap', 'eth.type == 0x0806 or frame.len < 64', 'bpf'],
  ['zeek-traces/smtp.pcap', 'ip.src == 10.0.0.0/8 and !tcp.port == 25', 'fields'],
  ['tcpdump-tests/babel.pcap', 'udp.port == 6696 && ipv6.src == fe80::/10', 'fields'], // LINUX_SLL
  [MIXED, 'udp.srcport == 17500', 'fields'], // Ethernet and NULL interfaces
  [MIXED, 'frame.encap_type == 15', 'fields'], // Wireshark's WTAP_ENCAP_NULL
];

test('a display filter keeps exactly the frames tshark -Y shows, as BPF when it lowers, else as a field predicate', async () => {
  await withEngine(
    async (engine) => {
      for (const [file, expression, runsAs] of DISPLAY_CASES) {
        const path = file.startsWith('/') ? file : cap(file);
        const at = `${file}: ${expression}`;
        const { sessionId } = await engine.openFile({ path });
        await engine.whenIndexed(sessionId);
        const events: FilterProgress[] = [];
        const sub = engine.onFilterProgress((p) => events.push(p));
        const first = await engine.applyFilter({ sessionId, expression });
        assert.equal(first.language, 'display', at);
        assert.equal(first.runsAs, runsAs, at);
        assert.equal(first.bpfExpression !== undefined, runsAs === 'bpf', at);
        const final = await engine.whenFiltered(sessionId, first.view);
        sub.dispose();
        const numbers = [...engine.numbersOfView(sessionId, first.view)];
        assert.deepEqual(numbers, tsharkDisplays(path, expression), at);
        assert.equal(final.matched, numbers.length, at);
        assert.equal(final.runsAs, runsAs, at);
        assert.ok(events.at(-1)?.done, at);
        const page = await engine.rows({ sessionId, view: final.view, from: 0, count: 1e9 });
        assert.deepEqual([...page.numbers], numbers, at);
        await engine.closeSession({ sessionId });
      }
    },
    { workers: 2, filterChunkPackets: 40 },
  );
});

test('a field predicate scans in-process too, and its progress says how it runs', async () => {
  await withEngine(
    async (engine) => {
      const path = cap('zeek-traces/wikipedia.pcap');
      const { sessionId } = await engine.openFile({ path });
      const check = await engine.checkFilter({ expression: 'udp', sessionId });
      assert.ok(check.ok && check.language === 'pcap' && check.runsAs === 'bpf', 'udp is a pcap filter too, and pcap wins');
      const pred = await engine.checkFilter({ expression: 'dns.flags.response == 1', sessionId });
      assert.ok(pred.ok && pred.language === 'display' && pred.runsAs === 'fields' && pred.programs.length === 0);
      const { numbers } = await filterAll(engine, path, 'dns.flags.response == 1');
      assert.deepEqual(numbers, tsharkDisplays(path, 'dns.flags.response == 1'));
    },
    { workers: 0 },
  );
});

test('a field predicate can be cancelled: it stops early and keeps an exact prefix of tshark\'s frames', async () => {
  await withEngine(
    async (engine) => {
      const path = cap('zeek-traces/modbus/modbusBig.pcap');
      const expression = 'tcp.len > 10';
      const { sessionId } = await engine.openFile({ path });
      await engine.whenIndexed(sessionId);
      // Cancel once the first chunks are merged (the worker has started), long before the end.
      let view = '';
      const started = new Promise<void>((resolve) => {
        const sub = engine.onFilterProgress((p) => {
          if (p.view === view && p.scanned > 0) {
            sub.dispose();
            resolve();
          }
        });
      });
      const first = await engine.applyFilter({ sessionId, expression });
      view = first.view;
      assert.equal(first.runsAs, 'fields');
      await started;
      await engine.cancelFilter({ sessionId, view: first.view });
      const final = await engine.filterStatus({ sessionId, view: first.view });
      assert.equal(final.cancelled, true);
      assert.ok(final.scanned > 0 && final.scanned < final.total, `stopped early (${final.scanned} of ${final.total})`);
      const expected = tsharkDisplays(path, expression).filter((n) => n <= final.scanned);
      assert.deepEqual([...engine.numbersOfView(sessionId, first.view)], expected);
    },
    { workers: 1, filterChunkPackets: 200 },
  );
});

test('a bad display filter: checkFilter gives its span, applyFilter rejects with FilterError', async () => {
  await withEngine(async (engine) => {
    const { sessionId } = await engine.openFile({ path: cap('zeek-traces/ssh/ssh.pcap') });
    const check = await engine.checkFilter({ expression: 'tcp.prot == 22', sessionId });
    assert.ok(!check.ok && check.language === 'display');
    assert.deepEqual(check.error.span, [0, 8]);
    await assert.rejects(engine.applyFilter({ sessionId, expression: 'tcp.prot == 22' }), (e: unknown) => e instanceof FilterError && e.span[1] === 8);
  });
});
