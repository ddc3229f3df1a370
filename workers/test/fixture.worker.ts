/** A worker for the pool's tests: echoes, sleeps, and crashes on request. */
import { serveInWorker } from '../worker-side';

export interface FixtureApi {
  echo(req: { value: number }): Promise<{ value: number; thread: number }>;
  sleep(req: { ms: number }): Promise<number>;
  crash(): Promise<void>;
}
export const FIXTURE_NAMES = { methods: ['echo', 'sleep', 'crash'], events: [] };

const { threadId } = await import('node:worker_threads');

serveInWorker<FixtureApi>(
  {
    async echo(req) {
      return { value: req.value, thread: threadId };
    },
    sleep(req) {
      return new Promise((r) => setTimeout(() => r(req.ms), req.ms));
    },
    async crash() {
      setImmediate(() => {
        throw new Error('fixture crash');
      });
      await new Promise(() => undefined);
    },
  },
  FIXTURE_NAMES,
);
