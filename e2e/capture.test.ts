/**
 * End to end: live capture through the UI, in the web shell, against tcpdump. A veth pair joins the root
 * namespace (where the web shell's engine runs, as root) to a namespace of the test's own; tcpreplay plays
 * a small shared capture from the namespace. In the window: the interface is listed with a sparkline; a
 * bad capture filter is red with its error and cannot start; `udp` starts; rows arrive while the traffic
 * flows and the list follows them (until the user scrolls up; the Autoscroll toggle resumes); Ctrl+E
 * stops; closing asks whether to save the temporary capture; Save As writes a file that tshark reads
 * without a warning, with as many frames as rows were shown, the same frames tcpdump captured meanwhile
 * on the same interface with the same filter. Then a ring buffer set up in the options dialog (Ctrl+K):
 * the window moves from file to file as the capture does, and after Stop lists the files to open.
 *
 * Needs root (network namespaces, capture), ip, tcpdump, tcpreplay, tshark, setpriv and Chromium; skips
 * and says why without them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSameFrames, assertTsharkReads, exited, must, readCapture, sh, sleep, startTcpdump } from '../workers/test/netns';
import { CAPTURES, ROOT, e2eUnavailable, launchApp, type App } from './harness';

/** 114 frames, 66 of them UDP, spread through the file: rows keep arriving for the whole replay. */
const REPLAY = join(CAPTURES, 'tcpdump-tests/eapon1.pcap');
const FILTER = 'udp';
const BAD_FILTER = 'udp port';
/** Frames a second tcpreplay sends: about 9.5 s of traffic, some 7 UDP rows a second. */
const PPS = 12;

function unavailable(): string | undefined {
  const why = e2eUnavailable();
  if (why) return why;
  if (process.getuid?.() !== 0) return 'live capture e2e needs root for its network namespace and the capture (CI runs it as root): sudo npx tsx --test e2e/capture.test.ts';
  if (!existsSync(REPLAY)) return `the capture ${REPLAY} is missing (shared/captures)`;
  for (const [tool, ...args] of [['ip', 'netns', 'list'], ['tcpdump', '--version'], ['tcpreplay', '--version'], ['tshark', '--version'], ['setpriv', '--version']]) {
    const r = spawnSync(tool, args, { stdio: 'ignore' });
    if (r.error || r.status !== 0) return `live capture e2e needs \`${tool}\` (${r.error?.message ?? `exit ${r.status}`})`;
  }
  return undefined;
}

/**
 * `tc-XXXXXX` in the root namespace, its peer `tp-XXXXXX` in namespace `trawl-e2e-PID-XXXXXX`. IPv6 is off
 * on both so that nothing but the replay crosses the link; MTU 9000 so that every frame of a capture fits.
 */
class VethToNamespace {
  readonly tag = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  readonly ns = `trawl-e2e-${process.pid}-${this.tag}`;
  readonly root = `tc-${this.tag}`;
  readonly peer = `tp-${this.tag}`;

  create(): this {
    try {
      must('ip', 'netns', 'add', this.ns);
      must('ip', 'link', 'add', this.root, 'type', 'veth', 'peer', 'name', this.peer, 'netns', this.ns);
      // Before it comes up, so that it never sends a router solicitation or an MLD report.
      must('sysctl', '-qw', `net.ipv6.conf.${this.root}.disable_ipv6=1`);
      must('ip', 'netns', 'exec', this.ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1', `net.ipv6.conf.${this.peer}.disable_ipv6=1`);
      must('ip', '-n', this.ns, 'addr', 'add', '10.213.7.2/24', 'dev', this.peer);
      must('ip', 'link', 'set', this.root, 'mtu', '9000', 'up');
      must('ip', '-n', this.ns, 'link', 'set', this.peer, 'mtu', '9000', 'up');
      must('ip', '-n', this.ns, 'link', 'set', 'lo', 'up');
    } catch (e) {
      this.destroy();
      throw e;
    }
    process.on('exit', () => this.destroy()); // if the runner dies before `after`
    return this;
  }

  destroy(): void {
    spawnSync('ip', ['link', 'del', this.root], { stdio: 'ignore' });
    spawnSync('ip', ['netns', 'del', this.ns], { stdio: 'ignore' });
  }

  /** tcpreplay `file` from the namespace onto the link, at `pps` frames a second. */
  replay(file: string, pps: number): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.ns, 'tcpreplay', '-q', '-i', this.peer, `--pps=${pps}`, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** tcpdump on the root end writing `file`; resolves once it listens. Stop it with SIGINT. */
  tcpdump(file: string, expr: string): Promise<ChildProcess> {
    return startTcpdump([], this.root, file, expr);
  }
}

describe('live capture from the start page', { skip: unavailable() }, () => {
  let app: App;
  let link: VethToNamespace;
  let tmp: string;
  const children: ChildProcess[] = [];
  let expected: number;

  before(async () => {
    const b = sh(process.execPath, [join(ROOT, 'scripts', 'build-helper.mjs'), '--strict']);
    assert.equal(b.status, 0, `building the capture helper failed:\n${b.stdout}${b.stderr}`);
    expected = Number(must('sh', '-c', `tcpdump -r '${REPLAY}' -n '${FILTER}' 2>/dev/null | wc -l`).trim());
    assert.ok(expected > 40, `the replayed capture has UDP to show (${expected})`);
    tmp = mkdtempSync(join(tmpdir(), 'trawl-e2e-capture-'));
    chmodSync(tmp, 0o755); // tshark reads a copy as nobody
    link = new VethToNamespace().create();
    app = await launchApp();
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await app?.close();
    link?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const row = () => app.page.locator(`[data-testid=interface-row][data-name="${link.root}"]`);
  const tone = (t: string) => app.page.locator(`[data-testid=capture-filter-input][data-tone=${t}]`);
  const rowCount = async () => Number(await app.page.locator('.packet-scroller').getAttribute('aria-rowcount'));
  /** How far the list is from showing its last row, in pixels (0: at the end). */
  const fromEnd = () => app.page.locator('.packet-scroller').evaluate((el) => Math.round(el.scrollHeight - el.clientHeight - el.scrollTop));
  /**
   * Until the list has at least `n` rows (or, with `more`, more than `n`); a timeout says what the window
   * and the replay were doing.
   */
  const waitRows = async (n: number, timeout: number, replay?: ChildProcess, more = false) => {
    try {
      await app.page.waitForFunction(
        ([min, gt]) => {
          const rows = Number(document.querySelector('.packet-scroller')?.getAttribute('aria-rowcount'));
          return gt ? rows > min : rows >= min;
        },
        [n, more] as const,
        { timeout },
      );
    } catch (e) {
      const status = await app.page.locator('.status-bar').textContent();
      const banner = await app.page.getByTestId('error-message').allTextContents();
      throw new Error(`waiting for ${more ? 'more than' : 'at least'} ${n} rows: ${(e as Error).message}\nstatus bar: ${status}\nerrors: ${banner.join(' | ')}\ntcpreplay: exit ${replay?.exitCode}, ${replayErr.get(replay!) ?? ''}`);
    }
  };
  const replayErr = new Map<ChildProcess, string>();
  const replayWithLog = (pps: number) => {
    const p = link.replay(REPLAY, pps);
    replayErr.set(p, '');
    p.stderr?.on('data', (d: Buffer) => replayErr.set(p, replayErr.get(p) + d.toString()));
    children.push(p);
    return p;
  };
  const scrollTop = () => app.page.locator('.packet-scroller').evaluate((el) => el.scrollTop);
  /** In one look: the rows of the view, the last one drawn inside the viewport, and the distance to the end. */
  const listState = () =>
    app.page.locator('.packet-scroller').evaluate((el) => {
      const box = el.getBoundingClientRect();
      const shown = [...el.querySelectorAll('[data-testid=packet-row][data-number]')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
      });
      return {
        rows: Number(el.getAttribute('aria-rowcount')),
        lastShown: Math.max(0, ...shown.map((r) => Number(r.getAttribute('data-number')))),
        fromEnd: Math.round(el.scrollHeight - el.clientHeight - el.scrollTop),
      };
    });

  test('the start page lists the interface with its addresses, state, link type and a sparkline', async () => {
    const { page } = app;
    await row().waitFor({ timeout: 15_000 });
    const text = (await row().textContent()) ?? '';
    assert.match(text, new RegExp(link.root));
    assert.match(text, /veth/, 'the description says what it is');
    assert.equal(await row().locator('.iface-link').textContent(), 'EN10MB');
    assert.equal(await row().locator('.iface-state').textContent(), 'up');
    assert.equal(await row().getAttribute('aria-disabled'), 'false');
    // Two polls make the first rate: the sparkline then has a line to draw.
    await page.locator(`[data-testid=interface-row][data-name="${link.root}"] [data-testid=sparkline]`).waitFor();
    await page.waitForFunction(
      (name) => Number(document.querySelector(`[data-testid=interface-row][data-name="${name}"] [data-testid=sparkline]`)?.getAttribute('data-samples')) >= 2,
      link.root,
      { timeout: 10_000 },
    );
    assert.equal(await row().locator('polyline').count(), 1);
    // Arrows move the selection; clicking picks our interface.
    await row().click();
    assert.equal(await row().getAttribute('aria-selected'), 'true');
    await app.screenshot('30-capture-start-page');
    assert.deepEqual(app.problems, []);
  });

  test('a bad capture filter is red with its error and cannot start', async () => {
    const { page } = app;
    await page.getByTestId('capture-filter-input').click();
    await page.keyboard.type(BAD_FILTER);
    await tone('invalid').waitFor();
    const error = page.getByTestId('capture-filter-error');
    await error.waitFor();
    assert.ok(((await error.textContent()) ?? '').length > 10, 'the error says what is wrong');
    await page.getByTestId('capture-filter-error-mark').waitFor();
    assert.equal(await page.getByTestId('capture-start').isDisabled(), true);
    await page.keyboard.press('Enter');
    await sleep(700);
    assert.equal(await page.getByTestId('status-capture').count(), 0, 'Enter on a red filter starts nothing');
    assert.equal(await page.getByTestId('interface-list').count(), 1, 'the start page is still shown');
    await app.screenshot('31-capture-filter-invalid');
    assert.deepEqual(app.problems, []);
  });

  test('udp starts; rows arrive while traffic flows, the list follows them; Ctrl+E stops', async () => {
    const { page } = app;
    await page.getByTestId('capture-filter-input').fill(FILTER);
    await tone('valid').waitFor();
    assert.equal(await page.getByTestId('capture-filter-error').count(), 0);

    const theirs = join(tmp, 'tcpdump.pcap');
    const tcpdump = await link.tcpdump(theirs, FILTER);
    children.push(tcpdump);
    // Enter in the interface list starts on the selected interface.
    await row().click();
    assert.equal(await page.getByTestId('interface-list').evaluate((el) => el === document.activeElement), true);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=status-capture][data-state=running]').waitFor({ timeout: 15_000 });
    assert.match((await page.getByTestId('status-capture').textContent()) ?? '', new RegExp(`Capturing on ${link.root} · Captured: 0 · Dropped: 0 · Displayed: 0`));
    await page.getByTestId('capture-stop').waitFor();
    assert.equal(await page.getByTestId('autoscroll').getAttribute('aria-pressed'), 'true');

    const replay = replayWithLog(PPS);
    let replayDone = false;
    void exited(replay).then(() => (replayDone = true));

    // Rows arrive while tcpreplay still sends, and the list keeps the newest in view.
    const seen: number[] = [];
    await waitRows(25, 20_000, replay);
    for (let i = 0; i < 4; i++) {
      seen.push(await rowCount());
      await sleep(400);
    }
    assert.equal(replayDone, false, 'the rows came while the traffic flowed');
    // Save As while the capture still writes the file: the dialog says to stop first.
    await page.keyboard.press('Control+Shift+S');
    await page.getByTestId('save-as-writing').filter({ hasText: 'stop it first' }).waitFor();
    assert.equal(await page.getByTestId('save-as-save').isDisabled(), true);
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('save-as-dialog').count(), 0);
    assert.ok(seen.at(-1)! > seen[0], `the list grew while capturing: ${seen.join(' → ')}`);
    await page.waitForFunction(() => {
      const el = document.querySelector('.packet-scroller');
      return el !== null && el.scrollHeight - el.clientHeight - el.scrollTop < 2;
    });
    const look = await listState();
    assert.equal(look.lastShown, look.rows, `the newest packet is in view: ${JSON.stringify(look)}`);
    await app.screenshot('32-capturing');

    // Scrolling up stops following: more rows arrive and the list stays where the user left it.
    await page.locator('.packet-scroller').hover();
    await page.mouse.wheel(0, -200);
    await page.locator('[data-testid=autoscroll][aria-pressed=false]').waitFor();
    const held = await scrollTop();
    const before = await rowCount();
    await waitRows(before + 2, 20_000, replay, true);
    assert.ok(Math.abs((await scrollTop()) - held) < 1, 'the list did not move while not following');
    assert.ok((await fromEnd()) > 60, 'the newest rows are below the view');
    // The toggle resumes: back at the end, and it stays there as rows arrive.
    await page.getByTestId('autoscroll').click();
    assert.equal(await page.getByTestId('autoscroll').getAttribute('aria-pressed'), 'true');
    await page.waitForFunction(() => {
      const el = document.querySelector('.packet-scroller');
      return el !== null && el.scrollHeight - el.clientHeight - el.scrollTop < 2;
    });

    assert.equal(await exited(replay), 0, `tcpreplay sent the capture: ${replayErr.get(replay)}`);
    await waitRows(expected, 15_000, replay);
    await sleep(500); // a last block of packets, if any
    await page.keyboard.press('Control+e');
    await page.locator('[data-testid=status-capture][data-state=stopped]').waitFor({ timeout: 15_000 });
    await page.getByTestId('capture-restart').waitFor();
    tcpdump.kill('SIGINT');
    assert.equal(await exited(tcpdump), 0);

    const rows = await rowCount();
    assert.equal(rows, expected, `every UDP frame of the replay is a row (${rows} of ${expected})`);
    assert.match((await page.getByTestId('status-capture').textContent()) ?? '', new RegExp(`Captured: ${rows} · Dropped: 0 · Displayed: ${rows}$`));
    assert.equal(readCapture(theirs).frames.length, rows, 'tcpdump saw as many');
    assert.deepEqual(app.problems, []);
  });

  test('closing asks to save the temporary capture; Save As writes what tcpdump captured', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    const ask = page.getByTestId('unsaved-dialog');
    await ask.waitFor();
    assert.match((await ask.textContent()) ?? '', /Save the captured packets before closing\?/);
    await page.getByTestId('unsaved-cancel').click();
    assert.equal(await ask.count(), 0);
    assert.equal(await rowCount(), expected, 'Cancel keeps the capture shown');

    const saved = join(tmp, 'saved.pcapng');
    await page.keyboard.press('Control+Shift+S');
    await page.getByTestId('save-as-dialog').waitFor();
    assert.equal(await page.getByTestId('save-as-writing').count(), 0, 'the capture stopped: nothing to wait for');
    await page.getByTestId('save-as-path').fill('relative.pcapng');
    await page.keyboard.press('Enter');
    await page.getByTestId('save-as-error').filter({ hasText: 'absolute path' }).waitFor();
    await page.getByTestId('save-as-path').fill(saved);
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-notice').filter({ hasText: saved }).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('save-as-dialog').count(), 0);
    await app.screenshot('33-capture-saved');

    // tshark reads it without a word of warning (as an ordinary user would), one line per row shown.
    const readable = join(tmp, 'readable.pcapng');
    copyFileSync(saved, readable);
    chmodSync(readable, 0o644);
    assert.equal(assertTsharkReads(readable, tmp).length, expected);
    // The very frames tcpdump captured with the same filter: bytes, lengths and kernel timestamps.
    const ours = readCapture(saved);
    assert.ok(!ours.problem, `the file is valid to its end: ${JSON.stringify(ours.problem)}`);
    assert.equal(ours.validBytes, ours.size);
    assertSameFrames(ours.frames, readCapture(join(tmp, 'tcpdump.pcap')).frames);

    // Saved: closing asks nothing and returns to the start page.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('interface-list').waitFor();
    assert.equal(await page.getByTestId('unsaved-dialog').count(), 0);
    assert.deepEqual(app.problems, []);
  });

  test('a ring buffer from the options dialog: the window follows each file, and lists them after Stop', async () => {
    const { page } = app;
    const base = join(tmp, 'ring.pcapng');
    await page.keyboard.press('Control+k');
    const dialog = page.getByTestId('capture-options-dialog');
    await dialog.waitFor();
    await page.getByTestId('opt-interface').selectOption(link.root);
    await page.getByTestId('opt-ring').check();
    await page.getByTestId('opt-ringFiles').fill('3');
    await page.getByTestId('opt-ringMegabytes').fill('');
    await page.getByTestId('opt-ringSeconds').fill('1');
    await page.getByTestId('opt-outputPath-error').filter({ hasText: 'needs an output file' }).waitFor();
    assert.equal(await page.getByTestId('opt-start').isDisabled(), true, 'a ring without an output file cannot start');
    await page.getByTestId('opt-outputPath').fill(base);
    assert.equal(await page.getByTestId('opt-outputPath-error').count(), 0);
    await page.getByTestId('opt-start').click();
    assert.equal(await dialog.count(), 0);
    await page.locator('[data-testid=status-capture][data-state=running]').waitFor({ timeout: 15_000 });

    // A display filter applied during the capture: the view fills as packets arrive, and it stays in force
    // as the window moves from ring file to ring file.
    await page.keyboard.press('Control+/');
    await page.keyboard.type('udp port 137');
    await page.locator('[data-testid=filter-input][data-tone=valid]').waitFor();
    await page.keyboard.press('Enter');

    // The shown file changes as the ring moves on (a new file each second while packets arrive).
    const replay = replayWithLog(25);
    const names = new Set<string>();
    let filtered = 0;
    while (replay.exitCode === null) {
      names.add((await page.locator('.status-file').textContent()) ?? '');
      const look = await page.evaluate(() => ({
        packets: Number((document.querySelector('[data-testid=status-packets]')?.textContent ?? '').replace(/\D/g, '')),
        displayed: Number(/Displayed: ([\d,]+)/.exec(document.querySelector('[data-testid=status-capture]')?.textContent ?? '')?.[1].replace(/,/g, '') ?? NaN),
        infos: [...document.querySelectorAll('[data-testid=packet-row] .col-info')].map((e) => e.textContent ?? ''),
      }));
      assert.ok(look.displayed <= look.packets, JSON.stringify(look));
      for (const info of look.infos) assert.match(info, /^137 → 137 /, 'only the filter’s packets are listed');
      if (look.displayed > 0 && look.displayed < look.packets) filtered++;
      await sleep(200);
    }
    assert.ok(filtered >= 3, `the filter kept some packets of the files as they filled (${filtered} looks)`);
    assert.equal(await page.getByTestId('filter-input').inputValue(), 'udp port 137');
    assert.equal(replay.exitCode, 0, 'tcpreplay sent the capture');
    const files = [...names].map((n) => n.replace(/ \(.*$/, ''));
    assert.ok(files.length >= 3, `the window showed each new ring file: ${files.join(', ')}`);
    for (const f of files) assert.match(f, /^ring_\d{5}_\d{14}\.pcapng$/, 'named as dumpcap names them');
    await page.getByTestId('capture-stop').click();
    await page.locator('[data-testid=status-capture][data-state=stopped]').waitFor({ timeout: 15_000 });

    // The files the ring kept (at most 3), each to open; opening one shows its packets.
    const links = page.getByTestId('ring-file');
    await links.first().waitFor();
    const kept = await links.allTextContents();
    assert.ok(kept.length >= 1 && kept.length <= 3, `kept: ${kept.join(', ')}`);
    const onDisk = readdirSync(tmp).filter((f) => f.startsWith('ring_')).sort();
    assert.deepEqual(kept, onDisk, 'the list is the files the ring kept, oldest first (the older ones are deleted)');
    for (const name of kept) {
      const r = readCapture(join(tmp, name));
      assert.ok(!r.problem && r.validBytes === r.size, `${name} is a whole pcapng: ${JSON.stringify(r.problem)}`);
    }
    const oldest = kept[0];
    const inOldest = readCapture(join(tmp, oldest)).frames.length;
    await links.first().click();
    await page.locator('.status-file').filter({ hasText: oldest }).waitFor({ timeout: 15_000 });
    await waitRows(inOldest, 15_000);
    assert.equal(await rowCount(), inOldest);
    await app.screenshot('34-capture-ring-files');
    assert.deepEqual(app.problems, []);
  });
});
