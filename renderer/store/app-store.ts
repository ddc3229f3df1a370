/**
 * The one zustand store, made of the slices in store/<slice>/. Components read it with selectors and
 * change it with `update(slice, pureAction)`; engine calls and other side effects live in hooks.
 */
import { create } from 'zustand';
import { initialCaptureState, type CaptureState } from './capture/state';
import { initialFilterState, type FilterState } from './filter/state';
import { initialFlowsState, type FlowsState } from './flows/state';
import { initialMarksState, type MarksState } from './marks/state';
import { initialSelectionState, type SelectionState } from './selection/state';
import { initialSessionState, type SessionState } from './session/state';
import { initialUiState, type UiState } from './ui/state';

export interface AppState {
  session: SessionState;
  selection: SelectionState;
  ui: UiState;
  filter: FilterState;
  capture: CaptureState;
  flows: FlowsState;
  marks: MarksState;
}

export const initialAppState: AppState = {
  session: initialSessionState,
  selection: initialSelectionState,
  ui: initialUiState,
  filter: initialFilterState,
  capture: initialCaptureState,
  flows: initialFlowsState,
  marks: initialMarksState,
};

export const useAppStore = create<AppState>()(() => initialAppState);

/** Apply a pure action to one slice. */
export function update<K extends keyof AppState>(slice: K, action: (s: AppState[K]) => AppState[K]): void {
  useAppStore.setState((st) => {
    const next = action(st[slice]);
    return next === st[slice] ? st : ({ [slice]: next } as unknown as Partial<AppState>);
  });
}

export const getAppState = (): AppState => useAppStore.getState();
