/**
 * End to end: display filters in the filter bar over a real Ethernet capture. Typing a field name offers
 * completions (Tab accepts); `dns.qry.name contains "a"` runs as a predicate over dissected fields (its
 * badge says so) and shows exactly as many packets as `tshark -Y`; `frame.len > 100` runs as BPF, the
 * badge's tooltip naming the BPF expression; `tcp.port == 80` runs as a field predicate (Wireshark's
 * tcp.port also matches tunnelled and quoted headers BPF cannot reach: DECISIONS); a bad field name is red
 * with its span marked and a did-you-mean; the history recalls the filter, after a reload too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CAPTURES, e2eUnavailableWith, launchApp, type App, waitForPackets } from './harness';

const FILE = join(CAPTURES, 'zeek-traces/wikipedia.pcap');
const DNS = 'dns.qry.name contains "a"';

function tsharkCount(file: string, expression: string): number {
  const out = execFileSync('tshark', ['-r', file, '-Y', expression, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l !== '').length;
}


describe('display filters in the filter bar', { skip: e2eUnavailableWith(FILE, 'tshark') }, () => {
  let app: App;
  let total: number;
  let dnsCount: number;

  before(async () => {
    total = Number(execFileSync('capinfos', ['-c', '-M', FILE], { encoding: 'utf8' }).match(/(\d+)\s*$/m)?.[1]);
    dnsCount = tsharkCount(FILE, DNS);
    assert.ok(dnsCount > 0 && dnsCount < total, `the filter keeps some packets (${dnsCount} of ${total})`);
    app = await launchApp({ file: FILE });
    await waitForPackets(app.page, total);
  });
  after(async () => {
    await app?.close();
  });

  const input = () => app.page.getByTestId('filter-input');
  const tone = (t: string) => app.page.locator(`[data-testid=filter-input][data-tone=${t}]`);
  const badge = () => app.page.getByTestId('filter-runs-as');
  const retype = async (text: string) => {
    await app.page.keyboard.press('Control+/');
    await app.page.keyboard.press('Control+a');
    await app.page.keyboard.press('Backspace');
    await app.page.keyboard.type(text);
  };

  test('a field name completes as it is typed; the filter runs as a field predicate and shows what tshark -Y shows', async () => {
    const { page } = app;
    await page.keyboard.press('Control+/');
    await page.keyboard.type('dns.qry.na');
    const list = page.getByTestId('filter-completions');
    await list.waitFor();
    const names = await page.getByTestId('filter-completion').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    assert.equal(names[0], 'dns.qry.name', `offered: ${names.join(', ')}`);
    assert.ok(names.every((n) => n?.startsWith('dns.qry.na')));
    // ↓ highlights, ↑ wraps to the last, ↓ back to the first; Tab accepts.
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid=filter-completion][aria-selected=true][data-name="dns.qry.name"]').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await input().inputValue(), 'dns.qry.name');
    assert.equal(await list.count(), 0, 'the list closes once a name is accepted');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'filter-input');
    await page.keyboard.type(' contains "a"');
    assert.equal(await input().inputValue(), DNS);
    await tone('valid').waitFor();
    await page.locator('[data-testid=filter-runs-as][data-runs-as=fields]').waitFor();
    assert.match((await badge().getAttribute('title')) ?? '', /dissected fields/);
    await app.screenshot('30-display-filter-typed');
    await page.keyboard.press('Enter');
    const pct = ((dnsCount / total) * 100).toFixed(1);
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${dnsCount} (${pct}%)` }).waitFor();
    assert.equal(Number(await page.locator('.packet-scroller').getAttribute('aria-rowcount')), dnsCount);
    await app.screenshot('31-display-filter-applied');
    assert.deepEqual(app.problems, []);
  });

  test('Esc closes the completion list first, then clears', async () => {
    const { page } = app;
    await retype('ud');
    await page.getByTestId('filter-completions').waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('filter-completions').count(), 0);
    assert.equal(await input().inputValue(), 'ud', 'Esc with the list open only closes the list');
    assert.deepEqual(app.problems, []);
  });

  test('the badge says BPF for a filter that lowers (its tooltip names the BPF), fields for one that does not', async () => {
    const { page } = app;
    await retype('frame.len > 100');
    await tone('valid').waitFor();
    await page.locator('[data-testid=filter-runs-as][data-runs-as=bpf][data-language=display]').waitFor();
    assert.equal(await badge().textContent(), 'BPF');
    assert.match((await badge().getAttribute('title')) ?? '', /len > 100/);
    await retype('tcp port 80');
    await page.locator('[data-testid=filter-runs-as][data-runs-as=bpf][data-language=pcap]').waitFor();
    // Wireshark's tcp.port also matches TCP inside tunnels and ICMP errors, which BPF offsets never reach.
    await retype('tcp.port == 80');
    await tone('valid').waitFor();
    await page.locator('[data-testid=filter-runs-as][data-runs-as=fields][data-language=display]').waitFor();
    await app.screenshot('32-display-filter-badge');
    assert.deepEqual(app.problems, []);
  });

  test('a bad display filter is red, its span marked, and the message names the field meant', async () => {
    const { page } = app;
    await retype('dns.qry.nam == "x"');
    await tone('invalid').waitFor();
    const error = page.getByTestId('filter-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /dns\.qry\.name/);
    assert.equal(await page.getByTestId('filter-error-mark').textContent(), 'dns.qry.nam');
    assert.equal(await badge().count(), 0, 'no badge for a filter that does not compile');
    assert.equal(await page.getByTestId('filter-apply').isDisabled(), true);
    await app.screenshot('33-display-filter-invalid');
    assert.deepEqual(app.problems, []);
  });

  test('the history recalls the display filter, also after a reload', async () => {
    const { page } = app;
    await page.keyboard.press('Control+/');
    await page.keyboard.press('Escape');
    if ((await input().inputValue()) !== '') await page.keyboard.press('Escape');
    assert.equal(await input().inputValue(), '');
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${total} (100.0%)` }).waitFor();
    await page.reload();
    await page.getByText('Engine connected').waitFor();
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${total} (100.0%)` }).waitFor();
    await page.keyboard.press('Control+/');
    await page.keyboard.press('ArrowDown');
    const item = page.getByTestId('filter-history-item').first();
    await item.waitFor();
    assert.equal(await item.textContent(), DNS);
    await page.keyboard.press('Enter');
    await page.getByTestId('status-displayed').filter({ hasText: `Displayed: ${dnsCount} ` }).waitFor();
    assert.equal(await input().inputValue(), DNS);
    assert.deepEqual(app.problems, []);
  });
});
