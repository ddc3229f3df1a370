/** The full detail of the selected packet; answers for an older selection are dropped. */
import { useEffect, useState } from 'react';
import type { PacketDetail } from '../../core/api';
import { useApi } from './engine-context';
import { describeError } from './user-error';

export interface DetailState {
  detail: PacketDetail | null;
  error: string | null;
  loading: boolean;
}

export function usePacketDetail(sessionId: string | null, number: number | null): DetailState {
  const api = useApi();
  const [state, setState] = useState<DetailState>({ detail: null, error: null, loading: false });
  useEffect(() => {
    if (sessionId === null || number === null) {
      setState({ detail: null, error: null, loading: false });
      return;
    }
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api.packet({ sessionId, number }).then(
      (detail) => current && setState({ detail, error: null, loading: false }),
      (e: unknown) => current && setState({ detail: null, error: describeError('', e).message, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [api, sessionId, number]);
  return state;
}
