/** The engine connection, provided once at the root. */
import { createContext, useContext } from 'react';
import type { TrawlApi } from '../../core/api';
import type { EngineConnection } from '../transport/connect-engine';

export const EngineContext = createContext<EngineConnection | null>(null);

export function useEngineConnection(): EngineConnection {
  const c = useContext(EngineContext);
  if (!c) throw new Error('EngineContext is missing: render inside <EngineContext.Provider>');
  return c;
}

export function useApi(): TrawlApi {
  return useEngineConnection().api;
}
