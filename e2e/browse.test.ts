/**
 * End to end through the web shell and the real engine: open captures every way the web shell offers,
 * browse them, link tree and hex, and see what a truncated or non-capture file does.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURES, dropFile, e2eUnavailable, launchApp, statusPackets, type App } from './harness';

const unavailable = e2eUnavailable();
const HTTP_PCAP = join(CAPTURES, 'zeek-traces/http/100-continue.pcap');
const PCAPNG = join(CAPTURES, 'wireshark-captures/dhcp.pcapng');

function capinfosCount(path: string): number {
  let out: string;
  try {
    out = execFileSync('capinfos', ['-c', '-M', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // capinfos exits non-zero on a truncated file but still prints the count of whole packets.
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const m = /Number of packets:\s+(\d+)/.exec(out);
  assert.ok(m, `capinfos printed no packet count for ${path}: ${out}`);
  return Number(m[1]);
}

async function waitForPackets(app: App, expected: number): Promise<void> {
  await app.page.waitForFunction(
    (n) => {
      const t = document.querySelector('[data-testid=status-packets]')?.textContent ?? '';
      return Number(t.replace(/^[^\d]*/, '').split(/[^\d,]/)[0].replace(/,/g, '')) === n;
    },
    expected,
    { timeout: 60_000 },
  );
}

describe('browsing captures in the web shell', { skip: unavailable }, () => {
  let app: App;
  const tmp = mkdtempSync(join(tmpdir(), 'trawl-e2e-'));
  before(async () => {
    app = await launchApp();
  });
  after(async () => {
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('a dropped capture streams to the engine and lists every packet', async () => {
    const { page } = app;
    await app.screenshot('01-empty');
    await dropFile(page, '100-continue.pcap', readFileSync(HTTP_PCAP));
    await waitForPackets(app, capinfosCount(HTTP_PCAP));
    assert.equal(await statusPackets(page), capinfosCount(HTTP_PCAP));
    const first = page.locator('[data-testid=packet-row][data-number="1"]');
    await first.filter({ hasText: 'TCP' }).waitFor();
    assert.match((await first.textContent()) ?? '', /192\.168\.3\.103.*128\.146\.216\.51.*TCP/);
    await app.screenshot('02-dropped');
    assert.deepEqual(app.problems, []);
  });

  test('selecting a packet shows its layer tree and bytes, linked both ways', async () => {
    const { page } = app;
    await page.locator('[data-testid=packet-row][data-number="4"]').click();
    const tree = page.getByTestId('detail-tree');
    const ipNode = tree.getByTestId('tree-node').filter({ hasText: 'Internet Protocol Version 4' }).first();
    await ipNode.waitFor();
    // The IPv4 layer covers its 20-byte header at offset 14 (after Ethernet).
    await ipNode.click();
    const lit = page.locator('[data-testid=hex-byte].on');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=hex-byte].on').length > 0);
    const offsets = await lit.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))));
    assert.ok(offsets.length >= 20, `IPv4 layer highlights ${offsets.length} bytes`);
    assert.equal(Math.min(...offsets), 14);
    await app.screenshot('03-tree-selected');

    // Clicking the first byte of the source address selects the deepest field covering it.
    await page.locator('[data-testid=hex-byte][data-offset="26"]').click();
    const selected = tree.locator('[data-testid=tree-node][aria-selected=true]');
    await page.waitForFunction(() =>
      /Source Address/.test(document.querySelector('[data-testid=tree-node][aria-selected=true]')?.textContent ?? ''),
    );
    assert.match((await selected.textContent()) ?? '', /Source Address: 192\.168\.3\.103/);
    const sel = await lit.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))));
    assert.deepEqual(sel, [26, 27, 28, 29]);
    await app.screenshot('04-hex-selected');
    assert.deepEqual(app.problems, []);
  });

  test('the keyboard moves through the list and Ctrl+G goes to a packet', async () => {
    const { page } = app;
    const total = capinfosCount(HTTP_PCAP);
    await page.locator('[data-testid=packet-row][data-number="1"]').click();
    const selectedNumber = async () =>
      Number(await page.locator('[data-testid=packet-row][aria-selected=true]').getAttribute('data-number'));
    await page.keyboard.press('ArrowDown');
    assert.equal(await selectedNumber(), 2);
    await page.keyboard.press('End');
    await page.locator(`[data-testid=packet-row][data-number="${total}"][aria-selected=true]`).waitFor();
    await page.keyboard.press('Home');
    await page.locator('[data-testid=packet-row][data-number="1"][aria-selected=true]').waitFor();
    await page.keyboard.press('PageDown');
    assert.ok((await selectedNumber()) > 5);

    await page.keyboard.press('Control+g');
    await page.getByTestId('goto-dialog').waitFor();
    await page.getByTestId('goto-input').fill(String(total + 5));
    await page.keyboard.press('Enter');
    await page.getByTestId('goto-dialog').getByRole('alert').waitFor();
    await app.screenshot('05-goto-invalid');
    await page.getByTestId('goto-input').fill('50');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=packet-row][data-number="50"][aria-selected=true]').waitFor();
    assert.equal(await page.getByTestId('goto-dialog').count(), 0);
    assert.deepEqual(app.problems, []);
  });

  test('a pcapng picked with the Open button opens', async () => {
    const { page } = app;
    await page.getByTestId('file-input').setInputFiles(PCAPNG);
    await waitForPackets(app, capinfosCount(PCAPNG));
    await page.locator('[data-testid=packet-row][data-number="1"]').click();
    await page.getByTestId('detail-tree').getByText(/^Frame 1:/).waitFor();
    await app.screenshot('06-pcapng');
    assert.deepEqual(app.problems, []);
  });

  test('a truncated capture opens as far as it is valid and says where it stops', async () => {
    const { page } = app;
    const whole = readFileSync(HTTP_PCAP);
    const cut = join(tmp, 'cut-short.pcap');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const valid = capinfosCount(cut);
    await dropFile(page, 'cut-short.pcap', readFileSync(cut));
    const banner = page.getByTestId('banner-problem');
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    assert.match(text, new RegExp(`\\b${valid + 1}\\b`), `banner names record ${valid + 1}: ${text}`);
    assert.match(text, /offset/i);
    await waitForPackets(app, valid);
    await app.screenshot('07-truncated');
    assert.deepEqual(app.problems, []);
  });

  test('a file that is not a capture gets a clear message and the app keeps working', async () => {
    const { page } = app;
    await dropFile(page, 'notes.txt', new TextEncoder().encode('These are my notes, not packets.\n'));
    const msg = page.getByTestId('error-message');
    await msg.waitFor();
    assert.match((await msg.textContent()) ?? '', /not a capture|text/i);
    await app.screenshot('08-not-a-capture');
    await dropFile(page, '100-continue.pcap', readFileSync(HTTP_PCAP));
    await waitForPackets(app, capinfosCount(HTTP_PCAP));
    assert.deepEqual(app.problems, []);
  });
});

describe('a file given on the command line', { skip: unavailable }, () => {
  test('opens before the page connects and is shown at once', async () => {
    const app = await launchApp({ file: PCAPNG });
    try {
      await waitForPackets(app, capinfosCount(PCAPNG));
      assert.deepEqual(app.problems, []);
    } finally {
      await app.close();
    }
  });
});
