/**
 * The desktop window's security: its web preferences, the Content-Security-Policy of every response,
 * denied permissions, and pages that can neither navigate away nor open windows. Only what we load
 * (our own renderer, from file://) runs in the window; links to the web open in the user's browser.
 */
import type {
  BrowserWindowOptionsLike,
  SessionLike,
  ShellLike,
  WebContentsLike,
  WindowOpenResponse,
} from './electron-edge';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function windowOptions(preload: string, icon?: string): BrowserWindowOptionsLike {
  return {
    width: 1280,
    height: 800,
    minWidth: 640,
    minHeight: 400,
    title: 'Trawl',
    show: false,
    backgroundColor: '#1e1e1e',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Response headers with our CSP in place of any the response carried (header names are case-insensitive). */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/**
 * The one permission granted: writing text to the clipboard (Copy → as Hex, as Filter…). Reading the
 * clipboard, media, notifications, geolocation and the rest are refused.
 */
const PERMITTED: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * CSP on every response and no permission but clipboard writes for any page. Chromium does not
 * pass file:// responses through webRequest, so the renderer's index.html carries the same policy in a
 * <meta http-equiv> tag; this header covers anything served over a network scheme.
 */
export function installSessionPolicy(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(PERMITTED.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => PERMITTED.has(permission));
}

/** http(s) links the renderer tries to open go to the user's browser; nothing else leaves the app. */
export function isExternalLink(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'https:' || protocol === 'http:';
}

/** Applied to every webContents the app creates: no navigation, no new windows, no <webview>. */
export function hardenWebContents(contents: WebContentsLike, shell: ShellLike, onError: (e: unknown) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }): WindowOpenResponse => {
    if (isExternalLink(url)) shell.openExternal(url).catch(onError);
    return { action: 'deny' };
  });
}
