/**
 * The start page's interfaces, as Wireshark lists them: name and description, addresses, up/down, link
 * type, and a packets-per-second sparkline. A listbox: ↑/↓/Home/End select, Enter or a double click starts
 * capturing on the selected interface. Interfaces Trawl cannot capture from are greyed out and say why.
 */
import { useEffect, useRef } from 'react';
import type { NetworkInterface } from '../../core/api';
import { currentRate, formatRate } from '../capture/rates';
import { update, useAppStore } from '../store/app-store';
import { interfaceMoved, interfaceSelected } from '../store/capture/actions';
import { canCaptureFrom, linkState, whyNotCapturable } from '../store/capture/selectors';
import { Sparkline } from './Sparkline';

const optionId = (name: string) => `iface-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function InterfaceList({ onStart }: { onStart(name: string): void }) {
  const interfaces = useAppStore((s) => s.capture.interfaces);
  const selected = useAppStore((s) => s.capture.selected);
  const error = useAppStore((s) => s.capture.interfacesError);
  const list = useRef<HTMLDivElement>(null);

  // Keep the selected interface in view as the keys move it.
  useEffect(() => {
    if (selected === null) return;
    list.current?.querySelector(`#${optionId(selected)}`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity, PageDown: 5, PageUp: -5 };
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const m = moves[e.key];
    if (m !== undefined) {
      e.preventDefault();
      update('capture', (s) => interfaceMoved(s, m));
    } else if (e.key === 'Enter' && selected !== null) {
      e.preventDefault();
      onStart(selected);
    }
  };

  return (
    <div className="iface-table">
      <div className="iface-header" aria-hidden="true">
        <span className="iface-col iface-name">Interface</span>
        <span className="iface-col iface-addr">Addresses</span>
        <span className="iface-col iface-state">State</span>
        <span className="iface-col iface-link">Link type</span>
        <span className="iface-col iface-traffic">Traffic (packets/s)</span>
      </div>
      <div
        ref={list}
        className="iface-list"
        role="listbox"
        tabIndex={0}
        data-testid="interface-list"
        aria-label="Interfaces to capture from (Enter starts)"
        aria-activedescendant={selected !== null ? optionId(selected) : undefined}
        onKeyDown={onKeyDown}
      >
        {interfaces.length === 0 && <div className="iface-note">{error ? `Could not list the interfaces: ${error}` : 'Looking for interfaces…'}</div>}
        {interfaces.map((i) => (
          <InterfaceRow key={i.name} iface={i} selected={i.name === selected} onStart={onStart} />
        ))}
      </div>
      {interfaces.length > 0 && error && <div className="iface-note iface-stale">The list stopped updating: {error}</div>}
    </div>
  );
}

function InterfaceRow({ iface, selected, onStart }: { iface: NetworkInterface; selected: boolean; onStart(name: string): void }) {
  const rate = useAppStore((s) => s.capture.rates[iface.name]);
  const usable = canCaptureFrom(iface);
  const why = whyNotCapturable(iface);
  const state = linkState(iface);
  const pps = rate?.pps ?? [];
  return (
    <div
      id={optionId(iface.name)}
      className={`iface-row${selected ? ' selected' : ''}${usable ? '' : ' unusable'}`}
      role="option"
      aria-selected={selected}
      aria-disabled={!usable}
      data-testid="interface-row"
      data-name={iface.name}
      title={why ?? `Double-click or Enter to capture on ${iface.name}`}
      onMouseDown={() => update('capture', (s) => interfaceSelected(s, iface.name))}
      onDoubleClick={() => usable && onStart(iface.name)}
    >
      <span className="iface-col iface-name">
        <strong>{iface.name}</strong>
        <span className="iface-desc">{usable ? iface.description : `${iface.description} — Trawl cannot capture from it`}</span>
      </span>
      <span className="iface-col iface-addr" title={iface.addresses.join('\n')}>
        {iface.addresses.length === 0 ? <span className="iface-none">none</span> : iface.addresses.map((a) => <span key={a}>{a}</span>)}
      </span>
      <span className={`iface-col iface-state state-${state.replace(' ', '-')}`}>{state}</span>
      <span className="iface-col iface-link">{iface.linkTypeName ?? '—'}</span>
      <span className="iface-col iface-traffic">
        <Sparkline pps={pps} label={`${iface.name}: ${formatRate(currentRate(rate))} packets per second`} />
        <span className="iface-rate">{formatRate(currentRate(rate))}</span>
      </span>
    </div>
  );
}
