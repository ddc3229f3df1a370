/**
 * End to end: the Flows view, Follow stream and Export Specified Packets over a capture with many TCP
 * streams. Open the capture, open Flows (TCP tab), select two conversations (click, Ctrl+click), follow
 * the first (both sides in their colours, the client's byte count as tshark's `-z follow,tcp,raw` counts
 * it), export both streams to a temporary pcapng, open the export, and find as many packets as
 * `tshark -Y "tcp.stream in {a, b}"` over the source.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPTURES, e2eUnavailableWith, launchApp, type App, waitForPackets } from './harness';

const FILE = join(CAPTURES, 'zeek-traces/wikipedia.pcap');

function tshark(args: string[]): string {
  return execFileSync('tshark', ['-r', FILE, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' } });
}

/** Payload bytes each side sent in a TCP stream, from tshark's raw follow (server lines are indented). */
function tsharkFollowBytes(stream: number): { client: number; server: number } {
  const out = tshark(['-q', '-z', `follow,tcp,raw,${stream}`]);
  const body = out.split(/^=+$/m)[1] ?? '';
  let client = 0;
  let server = 0;
  for (const line of body.split('\n')) {
    if (!/^\t?[0-9a-f]+$/.test(line)) continue;
    if (line.startsWith('\t')) server += (line.length - 1) / 2;
    else client += line.length / 2;
  }
  return { client, server };
}

describe('flows, follow stream and export', { skip: e2eUnavailableWith(FILE, 'tshark') }, () => {
  let app: App;
  let total: number;
  const out = mkdtempSync(join(tmpdir(), 'trawl-e2e-export-'));

  before(async () => {
    total = tshark(['-T', 'fields', '-e', 'frame.number']).split('\n').filter((l) => l !== '').length;
    app = await launchApp({ file: FILE });
    await waitForPackets(app.page, total);
  });
  after(async () => {
    await app?.close();
    rmSync(out, { recursive: true, force: true });
  });

  const streams: number[] = [];

  test('Flows lists the TCP conversations tshark finds; two are selected with click and Ctrl+click', async () => {
    const { page } = app;
    const expected = new Set(tshark(['-T', 'fields', '-e', 'tcp.stream']).split('\n').filter((l) => l !== '')).size;
    assert.ok(expected >= 2, `the capture has several TCP streams (${expected})`);
    await page.getByTestId('flows-button').click();
    await page.getByTestId('flows-view').waitFor();
    await page.getByTestId('flows-tab-tcp').click();
    // The flow pass may still run: the table grows until it is done.
    await page.waitForFunction((n) => Number(document.querySelector('.flow-scroller')?.getAttribute('aria-rowcount')) === n, expected, { timeout: 60_000 });
    await page.getByTestId('flows-tab-tcp').filter({ hasText: `· ${expected}` }).waitFor();
    const rows = page.locator('[data-testid=flow-row]:not(.loading)');
    await rows.nth(1).waitFor();
    await rows.nth(0).click();
    await rows.nth(1).click({ modifiers: ['Control'] });
    const selected = page.locator('[data-testid=flow-row][aria-selected=true]');
    assert.equal(await selected.count(), 2);
    for (const key of await selected.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))) streams.push(Number(key));
    assert.ok(streams.every((s) => Number.isInteger(s) && s >= 0), `stream ids: ${streams.join(', ')}`);
    await app.screenshot('60-flows-two-selected');
    assert.deepEqual(app.problems, []);
  });

  test('Follow stream shows both sides in their colours, with tshark’s byte counts', async () => {
    const { page } = app;
    assert.equal(streams.length, 2, 'the previous test selected two streams');
    await page.getByTestId('flows-follow').click();
    const view = page.getByTestId('follow-view');
    await view.waitFor();
    await view.locator('[data-testid=follow-line][data-side=client]').first().waitFor({ timeout: 30_000 });
    await view.locator('[data-testid=follow-line][data-side=server]').first().waitFor();
    const colours = await view.locator('[data-testid=follow-line]').evaluateAll((els) => {
      const by: Record<string, string> = {};
      for (const e of els) by[e.getAttribute('data-side') ?? ''] = getComputedStyle(e).color;
      return by;
    });
    assert.notEqual(colours.client, colours.server, 'client and server differ in colour');
    const { client, server } = tsharkFollowBytes(streams[0]);
    const sides = (await page.getByTestId('follow-sides').textContent()) ?? '';
    assert.match(sides, new RegExp(`\\(${client.toLocaleString('en-US')} bytes?\\)`), `client bytes as tshark: ${client} in ${sides}`);
    assert.match(sides, new RegExp(`\\(${server.toLocaleString('en-US')} bytes?\\)`), `server bytes as tshark: ${server} in ${sides}`);
    await app.screenshot('61-follow-stream');
    await page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
    assert.deepEqual(app.problems, []);
  });

  test('Export writes both flows; Open shows as many packets as tshark -Y "tcp.stream in {…}"', async () => {
    const { page } = app;
    const expected = tshark(['-Y', `tcp.stream in {${streams.join(', ')}}`, '-T', 'fields', '-e', 'frame.number']).split('\n').filter((l) => l !== '').length;
    assert.ok(expected > 0 && expected < total);
    await page.getByTestId('flows-export').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    assert.equal(await page.getByTestId('export-choice-flows').isChecked(), true, 'the selected flows are the default');
    const path = join(out, 'two-flows.pcapng');
    await page.getByTestId('export-path').fill(path);
    await page.getByTestId('export-save').click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('export-done').textContent()) ?? '', new RegExp(`Wrote ${expected} packets`));
    await app.screenshot('62-export-done');
    await page.getByTestId('export-open').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForPackets(page, expected);
    const written = execFileSync('capinfos', ['-c', '-M', path], { encoding: 'utf8' }).match(/(\d+)\s*$/m)?.[1];
    assert.equal(Number(written), expected, 'capinfos counts the same packets in the file');
    await app.screenshot('63-export-reopened');
    assert.deepEqual(app.problems, []);
  });
});
