/**
 * What the toolbar and the keyboard ask of flows: show or hide the Flows view, follow the selected packet's
 * stream (Wireshark's keys: Ctrl+Alt+Shift+T for TCP, Ctrl+Alt+Shift+U for UDP; the toolbar's Follow takes
 * whichever the packet has), open Export Specified Packets; the desktop menu's entries for these arrive as
 * shell commands (App.tsx). Also keeps the flow pass's progress in the
 * store and forgets a closed session's. Mounted once.
 */
import { useCallback, useEffect, useMemo } from 'react';
import type { FollowProtocol } from '../../core/api';
import { useApi } from '../hooks/engine-context';
import { describeError } from '../hooks/user-error';
import { getAppState, update } from '../store/app-store';
import { activeView } from '../store/filter/selectors';
import { exportOpened, flowProgressed, flowsToggled, followOpened, sessionForgotten } from '../store/flows/actions';
import { selectedPacketNumber } from '../store/selection/selectors';
import { showError } from '../store/ui/actions';

export interface FlowCommands {
  toggleFlows(): void;
  /** Show the Flows view (Statistics → Conversations); no change when it is shown. */
  showFlows(): void;
  /** Follow the selected packet's stream: of `protocol`, or whichever it has. */
  followSelected(protocol?: FollowProtocol): void;
  openExport(): void;
}

const NAMES: Record<FollowProtocol, string> = { tcp: 'TCP', udp: 'UDP' };

export function useFlowCommands(): FlowCommands {
  const api = useApi();

  useEffect(() => {
    const progress = api.onFlowProgress((p) => update('flows', (s) => flowProgressed(s, p)));
    const closed = api.onSessionClosed(({ sessionId }) => update('flows', (s) => sessionForgotten(s, sessionId)));
    return () => {
      progress.dispose();
      closed.dispose();
    };
  }, [api]);

  const followSelected = useCallback(
    (protocol?: FollowProtocol) => {
      const st = getAppState();
      const sessionId = st.session.activeId;
      if (sessionId === null) return;
      const number = selectedPacketNumber(st.selection, activeView(st.filter, sessionId));
      const what = protocol ? `${NAMES[protocol]} stream` : 'stream';
      if (number === null) {
        update('ui', (s) => showError(s, { title: `Follow ${what}`, message: `Select a ${protocol ? NAMES[protocol] : 'TCP or UDP'} packet first.` }));
        return;
      }
      api.streamOf({ sessionId, number }).then(
        (found) => {
          if (!found || (protocol && found.protocol !== protocol)) {
            update('ui', (s) => showError(s, { title: `Follow ${what}`, message: `Packet ${number} is not part of a ${protocol ? NAMES[protocol] : 'TCP or UDP'} stream.` }));
            return;
          }
          update('flows', (s) => followOpened(s, { sessionId, ...found }));
        },
        (e: unknown) => update('ui', (s) => showError(s, describeError(`Could not follow the ${what} of packet ${number}`, e))),
      );
    },
    [api],
  );

  // Wireshark's Follow keys. e.code: with Alt held, some layouts turn e.key into another character.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.altKey || !e.shiftKey || e.repeat) return;
      if (e.code === 'KeyT') {
        e.preventDefault();
        followSelected('tcp');
      } else if (e.code === 'KeyU') {
        e.preventDefault();
        followSelected('udp');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [followSelected]);

  const toggleFlows = useCallback(() => update('flows', (s) => flowsToggled(s)), []);
  const showFlows = useCallback(() => update('flows', (s) => flowsToggled(s, true)), []);
  const openExport = useCallback(() => update('flows', (s) => exportOpened(s)), []);
  return useMemo(() => ({ toggleFlows, showFlows, followSelected, openExport }), [toggleFlows, showFlows, followSelected, openExport]);
}
