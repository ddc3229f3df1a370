/**
 * End to end: the display-filter bar over a real Ethernet capture (TCP, UDP/DNS, ARP). An invalid
 * expression turns the bar red with the error under it; fixed, it turns green; Enter shows exactly the
 * packets `tcpdump -r FILE -w - EXPR` keeps (their original numbers); Program shows the BPF listing; Esc
 * shows every packet again; the selected packet stays selected throughout.
 *
 * TRAWL_UPDATE_SCREENSHOT=1 also writes the filtered window to docs/screenshot.png (the README's).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES, ROOT, SCREENSHOTS, e2eUnavailableWith, launchApp, statusPackets, type App, waitForPackets } from './harness';

const FILE = join(CAPTURES, 'zeek-traces/wikipedia.pcap');
const INVALID = 'udp port 53 or';
const EXPR = 'udp port 53 or arp';


/** The records of a classic pcap (either byte order), as raw bytes with their timestamps. */
function pcapRecords(buf: Buffer): Buffer[] {
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  assert.ok(le || buf.readUInt32BE(0) === 0xa1b2c3d4 || buf.readUInt32BE(0) === 0xa1b23c4d, 'a classic pcap');
  const out: Buffer[] = [];
  for (let o = 24; o + 16 <= buf.length; ) {
    const incl = le ? buf.readUInt32LE(o + 8) : buf.readUInt32BE(o + 8);
    out.push(buf.subarray(o, o + 16 + incl));
    o += 16 + incl;
  }
  return out;
}

/** 1-based numbers of the packets tcpdump keeps: its output is a subsequence of the input, matched record by record. */
function tcpdumpNumbers(file: string, expression: string): number[] {
  const all = pcapRecords(readFileSync(file));
  const kept = pcapRecords(execFileSync('tcpdump', ['-r', file, '-w', '-', expression], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
  const numbers: number[] = [];
  let i = 0;
  for (const rec of kept) {
    while (i < all.length && !all[i].equals(rec)) i++;
    assert.ok(i < all.length, 'every packet tcpdump keeps is in the capture');
    numbers.push(++i);
  }
  return numbers;
}

describe('filtering with the filter bar', { skip: e2eUnavailableWith(FILE, 'tcpdump') }, () => {
  let app: App;
  let total: number;
  let expected: number[];

  before(async () => {
    total = pcapRecords(readFileSync(FILE)).length;
    expected = tcpdumpNumbers(FILE, EXPR);
    assert.ok(expected.length > 10 && expected.length < total, `the filter keeps some packets (${expected.length} of ${total})`);
    app = await launchApp({ file: FILE });
    await waitForPackets(app.page, total);
  });
  after(async () => {
    await app?.close();
  });

  const input = () => app.page.getByTestId('filter-input');
  const tone = (t: string) => app.page.locator(`[data-testid=filter-input][data-tone=${t}]`);
  const selectedNumber = async () => Number(await app.page.locator('[data-testid=packet-row][aria-selected=true]').getAttribute('data-number'));
  /** Packet numbers of the rows the list has drawn, in row order (rows still loading have none). */
  const drawnNumbers = () =>
    app.page.locator('[data-testid=packet-row][data-number]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-number'))));
  const rowCount = async () => Number(await app.page.locator('.packet-scroller').getAttribute('aria-rowcount'));
  const displayed = async () => (await app.page.getByTestId('status-displayed').textContent()) ?? '';

  test('Ctrl+/ focuses the bar; an invalid expression is red with its error under it', async () => {
    const { page } = app;
    assert.equal(await statusPackets(page), total);
    assert.match(await displayed(), new RegExp(`Displayed: ${total} \\(100\\.0%\\)`));
    // Select a packet the filter keeps, to see it stay selected (Go to, as a user would).
    await page.keyboard.press('Control+g');
    await page.getByTestId('goto-input').fill(String(expected[3]));
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=packet-row][data-number="${expected[3]}"][aria-selected=true]`).waitFor();

    await page.keyboard.press('Control+/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'filter-input');
    await page.keyboard.type(INVALID);
    await tone('invalid').waitFor();
    const error = page.getByTestId('filter-error');
    await error.waitFor();
    assert.ok(((await error.textContent()) ?? '').length > 10, 'the error says what is wrong');
    assert.equal(await input().getAttribute('aria-invalid'), 'true');
    assert.equal(await input().getAttribute('aria-describedby'), 'filter-error');
    await page.getByTestId('filter-error-mark').waitFor();
    assert.equal(await page.getByTestId('filter-apply').isDisabled(), true, 'an invalid filter cannot be applied');
    await page.keyboard.press('Enter');
    assert.match(await displayed(), new RegExp(`Displayed: ${total} `), 'Enter on a red filter changes nothing');
    await app.screenshot('20-filter-invalid');
    assert.deepEqual(app.problems, []);
  });

  test('fixed, it turns green; Enter shows exactly the packets tcpdump keeps', async () => {
    const { page } = app;
    await page.keyboard.type(' arp');
    await tone('valid').waitFor();
    assert.equal(await page.getByTestId('filter-error').count(), 0);
    await page.keyboard.press('Enter');

    const pct = ((expected.length / total) * 100).toFixed(1);
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${expected.length} (${pct}%)` }).waitFor();
    assert.equal(await rowCount(), expected.length);
    await page.waitForFunction((first) => document.querySelector('[data-testid=packet-row]')?.getAttribute('data-number') === String(first), expected[0]);
    const drawn = await drawnNumbers();
    assert.ok(drawn.length >= Math.min(expected.length, 10), `rows drawn: ${drawn.length}`);
    assert.deepEqual(drawn, expected.slice(0, drawn.length), 'the first rows are tcpdump’s packets, with their original numbers');

    // The packet selected before filtering is still selected, on its row of the filtered list.
    await page.locator(`[data-testid=packet-row][data-number="${expected[3]}"][aria-selected=true]`).waitFor();
    assert.match((await page.getByTestId('status-packets').textContent()) ?? '', new RegExp(`Selected: ${expected[3]}`));

    // The last row is tcpdump's last packet too.
    await page.locator('.packet-scroller').focus();
    await page.keyboard.press('End');
    await page.locator(`[data-testid=packet-row][data-number="${expected.at(-1)}"][aria-selected=true]`).waitFor();
    assert.equal(await selectedNumber(), expected.at(-1));
    const tail = await drawnNumbers();
    assert.deepEqual(tail, expected.slice(expected.length - tail.length), 'the last rows are tcpdump’s too');
    await page.keyboard.press('Home');
    await page.locator(`[data-testid=packet-row][data-number="${expected[0]}"][aria-selected=true]`).waitFor();
    assert.deepEqual(app.problems, []);
  });

  test('Program shows the compiled BPF as tcpdump -d prints it', async () => {
    const { page } = app;
    await page.getByTestId('filter-program-toggle').click();
    const panel = page.getByTestId('filter-program');
    await panel.waitFor();
    assert.match((await panel.textContent()) ?? '', /EN10MB \(link type 1\): \d+ instructions/);
    const listing = (await page.getByTestId('filter-program-listing').textContent()) ?? '';
    const lines = listing.trim().split('\n');
    assert.match(lines[0], /^\(000\) ldh\s+\[12\]$/, 'an Ethernet program starts with the EtherType');
    lines.forEach((l, i) => assert.match(l, new RegExp(`^\\(${String(i).padStart(3, '0')}\\) \\S`), `line ${i}: ${l}`));
    assert.ok(lines.some((l) => /ret\s+#0$/.test(l)) && lines.some((l) => /ret\s+#\d{2,}$/.test(l)), 'it accepts and rejects');
    await app.screenshot('21-filter-applied');
    if (process.env.TRAWL_UPDATE_SCREENSHOT === '1') copyFileSync(join(SCREENSHOTS, '21-filter-applied.png'), join(ROOT, 'docs', 'screenshot.png'));
    await page.getByTestId('filter-program-toggle').click();
    assert.equal(await panel.count(), 0);
    assert.deepEqual(app.problems, []);
  });

  test('Esc shows every packet again, keeps the selection, and the filter is in the history', async () => {
    const { page } = app;
    await page.locator(`[data-testid=packet-row][data-number="${expected[0]}"]`).click();
    await page.keyboard.press('Control+/');
    await page.keyboard.press('Escape');
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${total} (100.0%)` }).waitFor();
    assert.equal(await input().inputValue(), '');
    assert.equal(await input().getAttribute('data-tone'), 'empty');
    assert.equal(await rowCount(), total);
    await page.locator(`[data-testid=packet-row][data-number="${expected[0]}"][aria-selected=true]`).waitFor();
    await page.locator('[data-testid=packet-row][data-number="1"]').waitFor();

    // ↓ in the empty bar opens the history; picking the filter applies it again.
    await page.keyboard.press('ArrowDown');
    const item = page.getByTestId('filter-history-item').first();
    await item.waitFor();
    assert.equal(await item.textContent(), EXPR);
    await page.keyboard.press('Enter');
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${expected.length} ` }).waitFor();
    assert.equal(await input().inputValue(), EXPR);
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${total} (100.0%)` }).waitFor();
    await app.screenshot('22-filter-cleared');
    assert.deepEqual(app.problems, []);
  });
});
