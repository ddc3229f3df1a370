/**
 * The packet list at a size browsers cannot lay out natively: 2,000,000 rows × 20 px is 40M px, beyond
 * Chromium's element-height cap (~33.5M px). Every row must stay reachable by keyboard, go-to, wheel and
 * scrollbar, with the real scroll height kept under the cap.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eUnavailable, launchApp, statusPackets, type App } from './harness';

const ROWS = 2_000_000;
const CHROMIUM_HEIGHT_CAP = 33_554_432;

/** A pcap of `n` minimal Ethernet frames (14-byte header, local experimental EtherType 0x88b5). */
function tinyCapture(path: string, n: number): void {
  const rec = 16 + 14;
  const buf = Buffer.alloc(24 + n * rec);
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(65535, 16);
  buf.writeUInt32LE(1, 20);
  for (let i = 0; i < n; i++) {
    const o = 24 + i * rec;
    buf.writeUInt32LE(1_700_000_000 + Math.floor(i / 1000), o);
    buf.writeUInt32LE((i % 1000) * 1000, o + 4);
    buf.writeUInt32LE(14, o + 8);
    buf.writeUInt32LE(14, o + 12);
    buf.writeUInt32BE(0x02000000 | i, o + 16); // destination 02:xx:xx:xx:00:00 carries the packet index
    buf.writeUInt16BE(0, o + 20);
    buf.writeUInt32BE(0x04000000, o + 22); // source 04:00:00:00:00:01
    buf.writeUInt16BE(0x0001, o + 26);
    buf.writeUInt16BE(0x88b5, o + 28);
  }
  writeFileSync(path, buf);
}

describe('a list of two million packets', { skip: e2eUnavailable() }, () => {
  let app: App;
  const tmp = mkdtempSync(join(tmpdir(), 'trawl-e2e-big-'));
  before(async () => {
    const file = join(tmp, 'two-million.pcap');
    tinyCapture(file, ROWS);
    app = await launchApp({ file });
    await app.page.waitForFunction(
      (n) => (document.querySelector('[data-testid=status-packets]')?.textContent ?? '').replace(/,/g, '').includes(String(n)),
      ROWS,
      { timeout: 120_000 },
    );
  });
  after(async () => {
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const selected = () => app.page.locator('[data-testid=packet-row][aria-selected=true]');
  const visibleNumbers = () =>
    app.page
      .locator('[data-testid=packet-row]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-number'))).sort((a, b) => a - b));

  test('every row is counted and the scroll height stays under the browser cap', async () => {
    assert.equal(await statusPackets(app.page), ROWS);
    const height = await app.page.locator('.packet-scroller').evaluate((el) => el.scrollHeight);
    assert.ok(height < CHROMIUM_HEIGHT_CAP, `scroll height ${height}`);
    assert.ok(height > 1000);
  });

  test('End reaches the last packet and Home the first', async () => {
    const { page } = app;
    await page.locator('[data-testid=packet-row][data-number="1"]').click();
    await page.keyboard.press('End');
    await page.locator(`[data-testid=packet-row][data-number="${ROWS}"][aria-selected=true]`).waitFor();
    assert.ok((await visibleNumbers()).includes(ROWS));
    await app.screenshot('10-two-million-end');
    await page.keyboard.press('Home');
    await page.locator('[data-testid=packet-row][data-number="1"][aria-selected=true]').waitFor();
  });

  test('go to packet lands on a packet deep in the list with its data', async () => {
    const { page } = app;
    await page.keyboard.press('Control+g');
    await page.getByTestId('goto-input').fill('1234567');
    await page.keyboard.press('Enter');
    const row = page.locator('[data-testid=packet-row][data-number="1234567"][aria-selected=true]');
    await row.waitFor();
    // Packet 1,234,567 (index 1,234,566 = 0x12d686) carries its index in its destination MAC.
    await row.filter({ hasText: '02:12:d6:86:00:00' }).waitFor();
    assert.equal(Number(await selected().getAttribute('data-number')), 1234567);
    await app.screenshot('11-two-million-goto');
  });

  test('the wheel moves by rows and the scrollbar spans the whole list', async () => {
    const { page } = app;
    const box = await page.locator('.packet-scroller').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const before = (await visibleNumbers())[0];
    await page.mouse.wheel(0, 200);
    await page.waitForFunction((b) => {
      const n = [...document.querySelectorAll('[data-testid=packet-row]')].map((e) => Number(e.getAttribute('data-number')));
      return Math.min(...n) !== b;
    }, before);
    const moved = (await visibleNumbers())[0] - before;
    assert.ok(moved > 0 && moved < 100, `a 200 px wheel step moved ${moved} rows`);

    // Drag the scrollbar to the middle: the rows shown are around the middle of the capture.
    await page.locator('.packet-scroller').evaluate((el) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    });
    await page.waitForFunction((mid) => {
      const n = [...document.querySelectorAll('[data-testid=packet-row]')].map((e) => Number(e.getAttribute('data-number')));
      return n.some((x) => Math.abs(x - mid) < 100);
    }, ROWS / 2);
    assert.deepEqual(app.problems, []);
  });
});
