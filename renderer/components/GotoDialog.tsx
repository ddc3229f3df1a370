/** Ctrl+G: a packet number; Enter jumps, Escape closes, an invalid number says so. */
import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../format/format';
import { parsePacketNumber } from './goto-number';

export interface GotoDialogProps {
  packetCount: number;
  onGo(number: number): void;
  onClose(): void;
}

export function GotoDialog({ packetCount, onGo, onClose }: GotoDialogProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = () => {
    const r = parsePacketNumber(text, packetCount);
    if (typeof r === 'string') setError(r);
    else onGo(r);
  };
  return (
    <div className="dialog-backdrop" onMouseDown={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-label="Go to packet"
        data-testid="goto-dialog"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <label>
          Go to packet (1–{formatCount(packetCount)}):{' '}
          <input
            ref={input}
            data-testid="goto-input"
            inputMode="numeric"
            value={text}
            aria-invalid={error !== null}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Enter') submit();
              else if (e.key === 'Escape') onClose();
            }}
          />
        </label>
        <button type="button" onClick={submit}>
          Go
        </button>
        {error && (
          <div className="dialog-error" role="alert">
            {error}
          </div>
        )}
      </div>
    </div>
  );
}
