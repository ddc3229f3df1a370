/** Renderer entry: connect to the engine (Electron bridge or the web shell's WebSocket) and draw the window. */
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { EngineContext } from './hooks/engine-context';
import { connectEngine } from './transport/connect-engine';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const connection = connectEngine();
createRoot(root).render(
  <EngineContext.Provider value={connection}>
    <ErrorBoundary what="Trawl">
      <App />
    </ErrorBoundary>
  </EngineContext.Provider>,
);
