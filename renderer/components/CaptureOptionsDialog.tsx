/**
 * Capture options (Ctrl+K), as Wireshark's dialog: interface and capture filter, snapshot length,
 * promiscuous mode, direction, stop after N packets or S seconds, the output file (a path on the engine's
 * machine; empty: a temporary file), and a ring buffer (dumpcap -b: N files of M megabytes or S seconds).
 * Problems show beside their field as the user types. OK keeps the options for every later start, Start
 * also starts; Cancel (Esc) leaves the options as they were.
 */
import { useEffect, useRef, useState } from 'react';
import type { CaptureDirection } from '../../core/api';
import { optionsErrors, type CaptureOptionsForm, type OptionsField } from '../capture/capture-form';
import { useInterfacePoll } from '../hooks/use-interface-poll';
import type { LiveCaptureCommands } from '../hooks/use-live-capture';
import { getAppState, update, useAppStore } from '../store/app-store';
import { interfaceSelected, optionsOpened, optionsSaved } from '../store/capture/actions';
import { canCaptureFrom, canStart } from '../store/capture/selectors';
import { CaptureFilterField } from './CaptureFilterField';

export function CaptureOptionsDialog({ live }: { live: LiveCaptureCommands }) {
  const [form, setForm] = useState<CaptureOptionsForm>(() => getAppState().capture.options);
  const interfaces = useAppStore((s) => s.capture.interfaces);
  const selected = useAppStore((s) => s.capture.selected);
  const startable = useAppStore((s) => canStart(s.capture));
  const running = useAppStore((s) => s.capture.starting !== null);
  useInterfacePoll(true);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const errors = optionsErrors(form);
  const ok = Object.keys(errors).length === 0;
  const set = <K extends keyof CaptureOptionsForm>(k: K, v: CaptureOptionsForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const close = () => update('capture', (s) => optionsOpened(s, false));
  const keep = () => {
    if (!ok) return false;
    update('capture', (s) => optionsOpened(optionsSaved(s, form), false));
    return true;
  };

  const text = (field: OptionsField, label: string, hint: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="opt-field">
      <span className="opt-label">{label}</span>
      <input
        data-testid={`opt-${field}`}
        value={form[field]}
        placeholder={hint}
        aria-invalid={errors[field] !== undefined}
        aria-describedby={errors[field] ? `opt-${field}-error` : undefined}
        onChange={(e) => set(field, e.target.value)}
        {...extra}
      />
      {errors[field] && (
        <span className="opt-error" id={`opt-${field}-error`} data-testid={`opt-${field}-error`} role="alert">
          {errors[field]}
        </span>
      )}
    </label>
  );

  return (
    <div className="dialog-backdrop" onMouseDown={close}>
      <form
        className="dialog options-dialog"
        role="dialog"
        aria-label="Capture options"
        data-testid="capture-options-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') close();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          if (keep()) live.start();
        }}
      >
        <h2 className="dialog-title">Capture options</h2>
        <label className="opt-field">
          <span className="opt-label">Interface</span>
          <select
            ref={first}
            data-testid="opt-interface"
            value={selected ?? ''}
            onChange={(e) => {
              const name = e.target.value;
              update('capture', (s) => interfaceSelected(s, name));
            }}
          >
            {selected === null && <option value="">{interfaces.length === 0 ? 'Looking for interfaces…' : 'Choose an interface'}</option>}
            {interfaces.map((i) => (
              <option key={i.name} value={i.name} disabled={!canCaptureFrom(i)}>
                {i.name} — {i.description}
                {i.linkTypeName ? ` (${i.linkTypeName})` : ' (cannot capture)'}
              </option>
            ))}
          </select>
        </label>
        <div className="opt-field opt-filter">
          <span className="opt-label">Capture filter</span>
          <CaptureFilterField name="options-capture-filter" onChange={live.setFilterText} onEnter={() => keep() && live.start()} />
        </div>
        <fieldset className="opt-group">
          <legend>Packets</legend>
          {text('snapLen', 'Snapshot length (bytes)', '262144: whole packets', { inputMode: 'numeric' })}
          <label className="opt-check">
            <input type="checkbox" data-testid="opt-promiscuous" checked={form.promiscuous} onChange={(e) => set('promiscuous', e.target.checked)} />
            Promiscuous mode (also packets not addressed to this machine)
          </label>
          <label className="opt-field">
            <span className="opt-label">Direction</span>
            <select data-testid="opt-direction" value={form.direction} onChange={(e) => set('direction', e.target.value as CaptureDirection)}>
              <option value="both">Incoming and outgoing</option>
              <option value="in">Incoming only</option>
              <option value="out">Outgoing only</option>
            </select>
          </label>
        </fieldset>
        <fieldset className="opt-group">
          <legend>Stop automatically after</legend>
          {text('count', 'Packets', 'no limit', { inputMode: 'numeric' })}
          {text('durationSec', 'Seconds', 'no limit', { inputMode: 'numeric' })}
        </fieldset>
        <fieldset className="opt-group">
          <legend>Output</legend>
          {text('outputPath', 'File (on the engine’s machine)', 'empty: a temporary file; Save As keeps it', { className: 'opt-path', spellCheck: false })}
          <label className="opt-check">
            <input type="checkbox" data-testid="opt-ring" checked={form.ring} onChange={(e) => set('ring', e.target.checked)} />
            Ring buffer: switch to a new file after a size or a time, keep the newest files
          </label>
          {form.ring && (
            <div className="opt-ring">
              {text('ringFiles', 'Files to keep', '0 keeps every file', { inputMode: 'numeric' })}
              {text('ringMegabytes', 'Megabytes per file', 'no size limit', { inputMode: 'decimal' })}
              {text('ringSeconds', 'Seconds per file', 'no time limit', { inputMode: 'decimal' })}
            </div>
          )}
        </fieldset>
        <div className="dialog-buttons">
          <button type="submit" className="capture-start" data-testid="opt-start" disabled={!ok || !startable || running} title="Keep these options and start capturing">
            Start
          </button>
          <button type="button" data-testid="opt-ok" disabled={!ok} onClick={keep} title="Keep these options for the next capture">
            OK
          </button>
          <button type="button" data-testid="opt-cancel" onClick={close} title="Leave the options as they were (Esc)">
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
