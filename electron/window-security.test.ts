import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_SECURITY_POLICY, hardenWebContents, installSessionPolicy, isExternalLink, windowOptions, withCsp } from './window-security';
import { fakeElectron, FakeWebContents } from './test/fake-electron';

test('the window is isolated, sandboxed, without Node, with web security and our preload', () => {
  const o = windowOptions('/app/dist/node/preload.cjs');
  assert.equal(o.webPreferences.contextIsolation, true);
  assert.equal(o.webPreferences.sandbox, true);
  assert.equal(o.webPreferences.nodeIntegration, false);
  assert.equal(o.webPreferences.nodeIntegrationInWorker, false);
  assert.equal(o.webPreferences.nodeIntegrationInSubFrames, false);
  assert.equal(o.webPreferences.webSecurity, true);
  assert.equal(o.webPreferences.allowRunningInsecureContent, false);
  assert.equal(o.webPreferences.webviewTag, false);
  assert.equal(o.webPreferences.preload, '/app/dist/node/preload.cjs');
  assert.equal(o.show, false, 'shown on ready-to-show, not as a white flash');
  assert.equal('icon' in o, false);
  assert.equal(windowOptions('/p', '/i.png').icon, '/i.png');
});

test('the CSP replaces whatever policy a response carried, whatever its header case', () => {
  const out = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
  assert.deepEqual(out, { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  assert.deepEqual(withCsp(undefined), { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:"]) {
    assert.ok(CONTENT_SECURITY_POLICY.split('; ').includes(d), d);
  }
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe/);
});

test('the session injects the CSP header and denies every permission but clipboard writes', () => {
  const e = fakeElectron();
  installSessionPolicy(e.session.defaultSession);
  let headers: Record<string, string[]> | undefined;
  e.record.cspListener?.({ url: 'https://x/', responseHeaders: { Server: ['x'] } }, (r) => (headers = r.responseHeaders));
  assert.deepEqual(headers, { Server: ['x'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  const answers: boolean[] = [];
  e.record.permissionRequest?.({}, 'media', (granted) => answers.push(granted));
  e.record.permissionRequest?.({}, 'notifications', (granted) => answers.push(granted));
  e.record.permissionRequest?.({}, 'clipboard-read', (granted) => answers.push(granted));
  e.record.permissionRequest?.({}, 'clipboard-sanitized-write', (granted) => answers.push(granted));
  assert.deepEqual(answers, [false, false, false, true]);
  assert.equal(e.record.permissionCheck?.({}, 'clipboard-read'), false);
  assert.equal(e.record.permissionCheck?.({}, 'geolocation'), false);
  assert.equal(e.record.permissionCheck?.({}, 'clipboard-sanitized-write'), true);
});

test('pages cannot navigate, redirect, attach webviews or open windows; web links go to the browser', async () => {
  const e = fakeElectron();
  const wc = new FakeWebContents();
  const errors: unknown[] = [];
  hardenWebContents(wc, e.shell, (err) => errors.push(err));
  assert.equal(wc.prevented('will-navigate', 'https://evil.example/'), true);
  assert.equal(wc.prevented('will-navigate', 'file:///etc/passwd'), true);
  assert.equal(wc.prevented('will-redirect', 'https://evil.example/'), true);
  assert.equal(wc.prevented('will-attach-webview'), true);
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'https://www.wireshark.org/docs/' }), { action: 'deny' });
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'file:///etc/passwd' }), { action: 'deny' });
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'javascript:alert(1)' }), { action: 'deny' });
  assert.deepEqual(wc.windowOpenHandler?.({ url: 'not a url' }), { action: 'deny' });
  await Promise.resolve();
  assert.deepEqual(e.record.external, ['https://www.wireshark.org/docs/']);
  assert.deepEqual(errors, []);
});

test('only http(s) URLs count as external links', () => {
  assert.equal(isExternalLink('http://a/'), true);
  assert.equal(isExternalLink('https://a/'), true);
  assert.equal(isExternalLink('smb://a/'), false);
  assert.equal(isExternalLink(''), false);
});
