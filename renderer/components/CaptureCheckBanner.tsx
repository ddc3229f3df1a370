/**
 * When live capture will not work here (checkCapture), what is wrong and the one line that fixes it, with
 * a Copy button. Starting stays possible: the error then says the same.
 */
import { useState } from 'react';
import { useAppStore } from '../store/app-store';

export function CaptureCheckBanner() {
  const check = useAppStore((s) => s.capture.check);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  if (!check || check.ok) return null;
  const fix = check.fix;
  const copy = () => {
    if (!fix) return;
    navigator.clipboard.writeText(fix).then(
      () => setCopied('yes'),
      (e: unknown) => {
        // No clipboard here (an insecure origin, a denied permission): the line is selected for Ctrl+C instead.
        console.warn('Trawl: could not copy to the clipboard:', e);
        setCopied('failed');
        const code = document.querySelector('[data-testid=capture-fix]');
        if (code) window.getSelection()?.selectAllChildren(code);
      },
    );
  };
  return (
    <div className="capture-check banner-warn" role="alert" data-testid="capture-check">
      <div>
        <strong>Live capture will not work yet.</strong> {check.problem ?? 'The capture helper cannot run with the privileges it needs.'}
      </div>
      {fix && (
        <div className="capture-fix-row">
          <code className="capture-fix" data-testid="capture-fix">
            {fix}
          </code>
          <button type="button" data-testid="capture-fix-copy" onClick={copy}>
            {copied === 'yes' ? 'Copied' : 'Copy'}
          </button>
          {copied === 'failed' && <span className="capture-fix-note">Could not copy: the line is selected, press Ctrl+C.</span>}
        </div>
      )}
      {check.alternatives.length > 0 && (
        <ul className="capture-alternatives">
          {check.alternatives.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
