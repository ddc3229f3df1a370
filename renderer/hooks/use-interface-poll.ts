/**
 * Reads the engine's interfaces once a second while `active` (the start page is shown) and the window is
 * visible, for the list and its sparklines; a hidden window stops polling and starts again when shown.
 * One request at a time: a slow engine makes the readings sparser, never piled up.
 */
import { useEffect } from 'react';
import { update } from '../store/app-store';
import { interfacesFailed, interfacesPolled } from '../store/capture/actions';
import { useApi } from './engine-context';
import { describeError } from './user-error';

export const POLL_INTERVAL_MS = 1000;

export function useInterfacePoll(active: boolean): void {
  const api = useApi();
  useEffect(() => {
    if (!active) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inflight = false;
    const poll = () => {
      timer = undefined;
      if (document.visibilityState === 'hidden') return; // resumed by visibilitychange
      inflight = true;
      api
        .interfaces()
        .then(
          (list) => live && update('capture', (s) => interfacesPolled(s, list)),
          (e: unknown) => live && update('capture', (s) => interfacesFailed(s, describeError('', e).message)),
        )
        .finally(() => {
          inflight = false;
          if (live) timer = setTimeout(poll, POLL_INTERVAL_MS);
        });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && timer === undefined && !inflight) poll();
    };
    poll();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [api, active]);
}
