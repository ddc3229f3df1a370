/** Wireshark's question before a temporary capture's packets are lost: Save / Discard / Cancel. */
import { useEffect, useRef } from 'react';
import { formatCount } from '../format/format';
import type { LiveCaptureCommands } from '../hooks/use-live-capture';
import { useAppStore } from '../store/app-store';
import { unsavedQuestion } from '../store/capture/selectors';
import type { UnsavedPrompt } from '../store/capture/state';

export function UnsavedDialog({ prompt, live }: { prompt: UnsavedPrompt; live: LiveCaptureCommands }) {
  const written = useAppStore((s) => s.capture.captures[prompt.captureId]?.written ?? 0);
  const save = useRef<HTMLButtonElement>(null);
  useEffect(() => save.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onMouseDown={() => live.answerUnsaved('cancel')}>
      <div
        className="dialog unsaved-dialog"
        role="alertdialog"
        aria-labelledby="unsaved-question"
        aria-describedby="unsaved-detail"
        data-testid="unsaved-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') live.answerUnsaved('cancel');
        }}
      >
        <h2 className="dialog-title" id="unsaved-question">
          {unsavedQuestion(prompt.action)}
        </h2>
        <p id="unsaved-detail">
          The {formatCount(written)} packet{written === 1 ? '' : 's'} captured are in a temporary file; if you don’t save them, they will be lost.
        </p>
        <div className="dialog-buttons">
          <button ref={save} type="button" data-testid="unsaved-save" onClick={() => live.answerUnsaved('save')}>
            Save…
          </button>
          <button type="button" data-testid="unsaved-discard" onClick={() => live.answerUnsaved('discard')}>
            Discard
          </button>
          <button type="button" data-testid="unsaved-cancel" onClick={() => live.answerUnsaved('cancel')}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
