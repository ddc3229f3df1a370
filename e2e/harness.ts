/**
 * The e2e harness: the real web shell (engine and all) on 127.0.0.1, driven by Debian's Chromium through
 * playwright-core. Any page error or console error fails the test that caused it. Screenshots of each
 * state go to e2e/screenshots/ (git-ignored; look at them after a run).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebServer, type WebServer } from '../web/server';
import { CAPTURES_DIR, REPO_ROOT } from '../scripts/shared-captures';

export const ROOT = REPO_ROOT;
export const CAPTURES = CAPTURES_DIR;
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');
const CHROMIUM = process.env.TRAWL_CHROMIUM ?? '/usr/bin/chromium';

export interface App {
  page: Page;
  server: WebServer;
  /** Page errors and console errors seen so far. */
  problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Why e2e cannot run here, or undefined when it can. */
export function e2eUnavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (apt-get install chromium; .ci/run does)`;
  if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) return 'the renderer is not built (npm run build)';
  return undefined;
}

export async function launchApp(options: { file?: string } = {}): Promise<App> {
  const configDir = await mkdtemp(join(tmpdir(), 'trawl-e2e-config-'));
  process.env.TRAWL_CONFIG_DIR = configDir;
  const server = await startWebServer({ port: 0, file: options.file, staticDir: join(ROOT, 'dist', 'renderer') });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    await page.goto(server.url);
    await page.getByText('Engine connected').waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const b = browser;
    return {
      page,
      server,
      problems,
      screenshot: async (name) => {
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
      },
      close: async () => {
        await b.close();
        await server.close();
        await rm(configDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}

/** Drop a file onto the window the way a user's drag-and-drop does. */
export async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const b64 = Buffer.from(bytes).toString('base64');
  await page.evaluate(
    ({ name, b64 }) => {
      const raw = atob(b64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], name));
      const target = document.querySelector('[data-testid=packet-list]') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { name, b64 },
  );
}

/** The number in the status bar's packet count ("Packets: 1,234 …" → 1234). */
export async function statusPackets(page: Page): Promise<number> {
  const text = (await page.getByTestId('status-packets').textContent()) ?? '';
  const m = /([\d,.\u202f\u00a0 ]+)/.exec(text.replace(/^[^\d]*/, ''));
  return m ? Number(m[1].replace(/[^\d]/g, '')) : NaN;
}

/** Wait until the status bar says the capture's `total` packets are indexed. */
export async function waitForPackets(page: Page, total: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => (document.querySelector('[data-testid=status-packets]')?.textContent ?? '').replace(/,/g, '').includes(`Packets: ${n}`),
    total,
    { timeout },
  );
}

/** Why an e2e suite comparing `file` against a reference `tool` (tshark, tcpdump) cannot run here, if it cannot. */
export function e2eUnavailableWith(file: string, tool: string): string | undefined {
  const why = e2eUnavailable();
  if (why) return why;
  if (!existsSync(file)) return `the capture ${file} is missing (shared/captures)`;
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch (e) {
    return `${tool} is needed as the reference (${(e as Error).message}; apt-get install ${tool})`;
  }
  return undefined;
}
