/**
 * End to end: marked packets (Wireshark's Ctrl+M) through to Export Specified Packets. Open a capture, mark
 * four packets with Ctrl+M and unmark one again, see the rows black and "Marked: 3", go between them with
 * Ctrl+Shift+N / Ctrl+Shift+B (wrapping as Wireshark's Find does), export "Marked packets" and find exactly
 * those packets in the file (tshark reads it: count, and each packet's time and length against the
 * source's). Then under a display filter: Ctrl+Shift+N skips marks that are not displayed, Ctrl+Shift+M
 * marks every displayed packet (read from the engine's filter view), Ctrl+Alt+M unmarks them, and a
 * range of several spans exports as tshark selects the same numbers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURES, e2eUnavailableWith, launchApp, type App, waitForPackets } from './harness';

const FILE = join(CAPTURES, 'zeek-traces/wikipedia.pcap');
const FILTER = 'frame.len > 100';

function tshark(file: string, args: string[]): string[] {
  const out = execFileSync('tshark', ['-r', file, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' } });
  return out.split('\n').filter((l) => l !== '');
}

/** Each packet's capture time and length, as the file holds it: what an export must keep. */
const packetsOf = (file: string, filter?: string) => tshark(file, [...(filter ? ['-Y', filter] : []), '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len']);

describe('marked packets and Export Specified Packets', { skip: e2eUnavailableWith(FILE, 'tshark') }, () => {
  let app: App;
  let total: number;
  /** Packets the display filter shows (tshark's answer). */
  let displayed: number[];
  const out = mkdtempSync(join(tmpdir(), 'trawl-e2e-marks-'));

  before(async () => {
    total = tshark(FILE, ['-T', 'fields', '-e', 'frame.number']).length;
    displayed = tshark(FILE, ['-Y', FILTER, '-T', 'fields', '-e', 'frame.number']).map(Number);
    app = await launchApp({ file: FILE });
    await waitForPackets(app.page, total);
  });
  after(async () => {
    await app?.close();
    rmSync(out, { recursive: true, force: true });
  });

  /** Wait for the packet `n` to be the selected row. */
  const selectedIs = (n: number) => app.page.locator(`[data-testid=packet-row][aria-selected=true][data-number="${n}"]`).waitFor();
  /** Wait for the status bar to say exactly "Marked: n" (nothing at all for 0). */
  const markedIs = (n: number) =>
    app.page.waitForFunction((want) => (document.querySelector('[data-testid=status-marked]')?.textContent ?? null) === want, n === 0 ? null : `Marked: ${n}`);
  async function goTo(n: number): Promise<void> {
    const { page } = app;
    await page.keyboard.press('Control+g');
    await page.getByTestId('goto-input').fill(String(n));
    await page.keyboard.press('Enter');
    await selectedIs(n);
  }
  async function exportChoice(choice: string, name: string, range?: string): Promise<string> {
    const { page } = app;
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-dialog').waitFor();
    if (range !== undefined) await page.getByTestId('export-range').fill(range);
    await page.getByTestId(`export-choice-${choice}`).check();
    const path = join(out, name);
    await page.getByTestId('export-path').fill(path);
    await page.getByTestId('export-save').click();
    await page.getByTestId('export-done').waitFor({ timeout: 30_000 });
    await page.getByTestId('export-close').click();
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    return path;
  }

  // Two displayed packets with one that the filter hides between them, and one more to unmark again.
  let marks: number[] = [];
  before(() => {
    const shown = new Set(displayed);
    const a = displayed.find((n) => n > 2 && !shown.has(n + 1) && n + 1 <= total)!;
    const hidden = a + 1;
    const c = displayed.find((n) => n > hidden + 2)!;
    marks = [a, hidden, c];
    assert.ok(marks.every((n) => Number.isInteger(n)), `marks ${marks.join(', ')} from ${displayed.length} displayed of ${total}`);
  });

  test('Ctrl+M marks the selected packet and unmarks it again; rows are black with white text; the status bar counts', async () => {
    const { page } = app;
    const again = marks[0] - 1;
    for (const n of [...marks, again]) {
      await goTo(n);
      await page.keyboard.press('Control+m');
    }
    await markedIs(4);
    await goTo(again);
    await page.keyboard.press('Control+m');
    await markedIs(3);
    for (const n of [...marks, again]) {
      await goTo(n);
      const row = page.locator(`[data-testid=packet-row][data-number="${n}"]`);
      assert.equal(await row.getAttribute('data-marked'), n === again ? null : 'true', `packet ${n}`);
    }
    await goTo(1);
    const style = await page.locator(`[data-testid=packet-row][data-number="${marks[0]}"]`).evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]);
    assert.deepEqual(style, ['rgb(0, 0, 0)', 'rgb(255, 255, 255)'], 'black background, white text');
    const unmarked = await page.locator(`[data-testid=packet-row][data-number="${again}"]`).evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(unmarked, 'rgb(0, 0, 0)', 'the packet unmarked again is not black');
    await app.screenshot('70-marks');
    assert.deepEqual(app.problems, []);
  });

  test('Ctrl+Shift+N and Ctrl+Shift+B go between the marks, wrapping around and saying so', async () => {
    const { page } = app;
    await goTo(1);
    for (const n of marks) {
      await page.keyboard.press('Control+Shift+N');
      await selectedIs(n);
    }
    const selectedMarked = await page.locator('[data-testid=packet-row][aria-selected=true]').evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(selectedMarked, 'rgb(0, 0, 0)', 'the selected marked row shows as selected');
    await page.keyboard.press('Control+Shift+N');
    await selectedIs(marks[0]);
    await page.getByTestId('status-mark-notice').filter({ hasText: 'continued from the first' }).waitFor();
    await page.keyboard.press('Control+Shift+B');
    await selectedIs(marks[2]);
    await page.getByTestId('status-mark-notice').filter({ hasText: 'continued from the last' }).waitFor();
    await page.keyboard.press('Control+Shift+B');
    await selectedIs(marks[1]);
    assert.deepEqual(app.problems, []);
  });

  test('Export "Marked packets" writes exactly the marked packets', async () => {
    const path = await exportChoice('marked', 'marked.pcapng');
    const written = packetsOf(path);
    assert.equal(written.length, 3);
    assert.deepEqual(written, packetsOf(FILE, `frame.number in {${marks.join(', ')}}`), 'the same packets, in order');
    const capinfos = execFileSync('capinfos', ['-c', '-M', path], { encoding: 'utf8' }).match(/(\d+)\s*$/m)?.[1];
    assert.equal(Number(capinfos), 3);
    assert.deepEqual(app.problems, []);
  });

  test('under a display filter: next skips hidden marks; mark all / unmark all displayed; a range of several spans', async () => {
    const { page } = app;
    await goTo(marks[0]);
    await page.getByTestId('filter-input').fill(FILTER);
    await page.keyboard.press('Enter');
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${displayed.length} ` }).waitFor();
    await selectedIs(marks[0]);
    await page.keyboard.press('Control+Shift+N');
    await selectedIs(marks[2]);
    await page.keyboard.press('Control+Shift+B');
    await selectedIs(marks[0]);

    await page.keyboard.press('Control+Shift+M');
    const union = new Set([...displayed, ...marks]).size;
    await markedIs(union);
    const all = packetsOf(await exportChoice('marked', 'all-displayed.pcapng'));
    assert.equal(all.length, union);
    assert.deepEqual(all, packetsOf(FILE, `${FILTER} || frame.number == ${marks[1]}`));

    await page.keyboard.press('Control+Alt+M');
    await markedIs(1); // only the hidden mark is left
    await page.keyboard.press('Control+Shift+N');
    await page.getByTestId('status-mark-notice').filter({ hasText: 'No displayed packet is marked.' }).waitFor();

    const spans = `1-3,${marks[1]},${total - 1}-`;
    const ranged = packetsOf(await exportChoice('range', 'spans.pcapng', spans));
    assert.deepEqual(ranged, packetsOf(FILE, `frame.number <= 3 || frame.number == ${marks[1]} || frame.number >= ${total - 1}`));
    assert.equal(ranged.length, 6);
    await app.screenshot('71-marks-filtered');
    assert.deepEqual(app.problems, []);
  });
});
