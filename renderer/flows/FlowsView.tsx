/**
 * The Flows view (Wireshark's Statistics → Conversations and Endpoints, docked under the packets): tabs
 * Ethernet / IPv4 / IPv6 / TCP / UDP with their counts, conversations or endpoints, sortable virtual rows
 * with multi-selection, and by default only the displayed packets counted (it follows the display filter,
 * which Wireshark's dialog does not). The flow pass's progress shows while it runs. On the selection:
 * Follow stream, Filter on this, Export… the selected flows.
 */
import { useCallback, useEffect, useMemo } from 'react';
import type { Conversation, Endpoint, SessionId } from '../../core/api';
import { NotFoundError } from '../../core/errors';
import { formatPercent } from '../format/format';
import { useApi } from '../hooks/engine-context';
import type { FilterCommands } from '../hooks/use-display-filter';
import { describeError } from '../hooks/user-error';
import { update, useAppStore } from '../store/app-store';
import { activeView, isScanning } from '../store/filter/selectors';
import { endpointsToggled, exportOpened, flowProgressed, flowsToggled, followOpened, kindChosen, limitToggled, selectionChanged, sortedBy } from '../store/flows/actions';
import { flowFraction, flowProgressOf, flowsView, isFlowPassRunning, selectedStreams } from '../store/flows/selectors';
import { initialFlowsState } from '../store/flows/state';
import { activeInterfaces } from '../store/session/selectors';
import { showError } from '../store/ui/actions';
import { conversationColumns, endpointColumns, FLOW_KINDS, hasPorts, type FlowColumn } from './flow-columns';
import { conversationFilter, endpointFilter } from './flow-filter';
import { FlowTable } from './FlowTable';
import { useFlowTable } from './use-flow-table';

const NUMERIC = new Set(['portA', 'portB', 'port', 'packets', 'bytes', 'id', 'packetsAtoB', 'bytesAtoB', 'packetsBtoA', 'bytesBtoA', 'duration', 'packetsTx', 'bytesTx', 'packetsRx', 'bytesRx']);

export function FlowsView({ sessionId, filter }: { sessionId: SessionId; filter: FilterCommands }) {
  const api = useApi();
  const kind = useAppStore((s) => s.flows.kind);
  const endpoints = useAppStore((s) => s.flows.endpoints);
  const limit = useAppStore((s) => s.flows.limitToFilter);
  const sort = useAppStore((s) => s.flows.sort);
  const selection = useAppStore((s) => s.flows.selection);
  const listView = useAppStore((s) => activeView(s.filter, sessionId));
  const view = useAppStore((s) => flowsView(s.flows, activeView(s.filter, sessionId)));
  const filterText = useAppStore((s) => (s.filter.applied?.sessionId === sessionId ? s.filter.applied.expression : null));
  const scanning = useAppStore((s) => isScanning(s.filter, sessionId));
  const running = useAppStore((s) => isFlowPassRunning(s.flows, sessionId));
  const progress = useAppStore((s) => flowProgressOf(s.flows, sessionId));
  const nanoseconds = useAppStore((s) => activeInterfaces(s.session).some((i) => i.tsDigits >= 9));

  // Where the flow pass is now (its events before this view opened were only kept if the app heard them).
  useEffect(() => {
    api.flowStatus({ sessionId }).then(
      (p) => update('flows', (s) => flowProgressed(s, p)),
      (e: unknown) => {
        // A session closing under the question answers NotFound; the table reports any other failure itself.
        if (!(e instanceof NotFoundError)) console.warn('Trawl: flow status unavailable:', describeError('', e).message);
      },
    );
  }, [api, sessionId]);

  const query = useMemo(() => ({ sessionId, kind, view, endpoints, sort }), [sessionId, kind, view, endpoints, sort]);
  const table = useFlowTable(api, query, progress !== null && !running && !(limit && scanning));
  // The filter changed under a selection of rows: they are other rows now.
  useEffect(() => {
    if (endpoints) update('flows', (s) => selectionChanged(s, { keys: [], anchor: null, focus: null }));
  }, [view, endpoints]);

  // selectedStreams makes a new object: derive it here from the parts the store compares.
  const streams = useMemo(() => selectedStreams({ ...initialFlowsState, kind, endpoints, selection }), [kind, endpoints, selection]);
  const format = useMemo(() => ({ nanoseconds }), [nanoseconds]);
  const convColumns = useMemo(() => conversationColumns(kind), [kind]);
  const epColumns = useMemo(() => endpointColumns(kind), [kind]);

  const selectedConversations = (): Conversation[] => {
    const out: Conversation[] = [];
    const wanted = new Set(selection.keys);
    for (let r = 0; r < table.total && out.length < wanted.size; r++) {
      const c = table.conversation(r);
      if (c && wanted.has(c.id)) out.push(c);
    }
    return out;
  };
  const selectedEndpoints = (): Endpoint[] => selection.keys.map((r) => table.endpoint(r)).filter((e): e is Endpoint => e !== undefined);

  const follow = useCallback(
    (stream: number | undefined) => {
      if (stream === undefined || endpoints || !hasPorts(kind)) return;
      update('flows', (s) => followOpened(s, { sessionId, protocol: kind === 'tcp' ? 'tcp' : 'udp', stream }));
    },
    [endpoints, kind, sessionId],
  );

  const filterOnSelection = () => {
    const expression = endpoints ? endpointFilter(kind, selectedEndpoints()) : conversationFilter(kind, selectedConversations());
    if (expression === '') {
      update('ui', (s) => showError(s, { title: 'Nothing to filter on', message: 'The selected rows are not loaded yet: scroll to them, or select them again.' }));
      return;
    }
    filter.apply(expression);
  };

  const fraction = flowFraction(progress);
  const followable = !endpoints && hasPorts(kind) && selection.keys.length > 0;
  return (
    <section className="flows-view" data-testid="flows-view" aria-label="Flows">
      <div className="flows-bar">
        <div className="flows-tabs" role="tablist">
          {FLOW_KINDS.map((k) => (
            <button
              type="button"
              role="tab"
              key={k.kind}
              data-testid={`flows-tab-${k.kind}`}
              aria-selected={k.kind === kind}
              className={k.kind === kind ? 'flows-tab active' : 'flows-tab'}
              onClick={() => update('flows', (s) => kindChosen(s, k.kind))}
            >
              {k.label}
              {table.counts[k.kind] !== undefined && <span className="flows-count"> · {table.counts[k.kind]}</span>}
            </button>
          ))}
        </div>
        <button type="button" data-testid="flows-endpoints" aria-pressed={endpoints} onClick={() => update('flows', (s) => endpointsToggled(s))} title="Show endpoints instead of conversations">
          Endpoints
        </button>
        <label className="flows-limit" title={filterText ? `Count only the packets “${filterText}” shows` : 'No display filter is applied: every packet counts'}>
          <input type="checkbox" data-testid="flows-limit" checked={limit} onChange={() => update('flows', (s) => limitToggled(s))} /> Limit to display filter
        </label>
        {running && (
          <span className="toolbar-progress" data-testid="flows-progress">
            <span className="progress-label">Flows {formatPercent(fraction, 1)}</span>
            <progress max={1} value={fraction} />
          </span>
        )}
        {progress?.problem && <span className="pane-error">{progress.problem}</span>}
        <span className="toolbar-spacer" />
        <button type="button" data-testid="flows-follow" disabled={!followable} onClick={() => follow(selection.keys[0])} title="Follow the first selected stream (Enter, double-click)">
          Follow stream
        </button>
        <button type="button" data-testid="flows-filter" disabled={selection.keys.length === 0} onClick={filterOnSelection} title="Apply a display filter that shows the selected rows">
          Filter on this
        </button>
        <button
          type="button"
          data-testid="flows-export"
          disabled={streams === null}
          onClick={() => update('flows', (s) => exportOpened(s, 'flows'))}
          title={streams === null ? 'Select TCP or UDP conversations to export their packets' : `Export the packets of ${streams.streams.length} stream(s)`}
        >
          Export…
        </button>
        <button type="button" className="flows-close" aria-label="Close the Flows view" data-testid="flows-close" onClick={() => update('flows', (s) => flowsToggled(s, false))}>
          ×
        </button>
      </div>
      {table.error !== null ? (
        <div className="pane-note pane-error" role="alert" data-testid="flows-error">
          Could not read the {endpoints ? 'endpoints' : 'conversations'}: {table.error}
        </div>
      ) : endpoints ? (
        <FlowTable<Endpoint>
          key={`ep-${kind}-${view}`}
          columns={epColumns}
          rowCount={table.total}
          rowAt={table.endpoint}
          keyAt={table.keyAt}
          ensure={table.ensure}
          version={table.version}
          sort={sort}
          onSort={(c: FlowColumn<Endpoint>) => update('flows', (s) => sortedBy(s, c.key, NUMERIC.has(c.key)))}
          selection={selection}
          onSelection={(sel) => update('flows', (s) => selectionChanged(s, sel))}
          onActivate={() => undefined}
          format={format}
          label={`${kind} endpoints`}
        />
      ) : (
        <FlowTable<Conversation>
          key={`conv-${kind}-${listView}`}
          columns={convColumns}
          rowCount={table.total}
          rowAt={table.conversation}
          keyAt={table.keyAt}
          ensure={table.ensure}
          version={table.version}
          sort={sort}
          onSort={(c: FlowColumn<Conversation>) => update('flows', (s) => sortedBy(s, c.key, NUMERIC.has(c.key)))}
          selection={selection}
          onSelection={(sel) => update('flows', (s) => selectionChanged(s, sel))}
          onActivate={(row) => follow(table.conversation(row)?.id)}
          format={format}
          label={`${kind} conversations`}
        />
      )}
    </section>
  );
}
