// The entry of the claims thread (claims-thread.ts) when the collector runs from TypeScript
// sources (tsx, vitest). Node 20 does not pass tsx's loader on to worker threads, so register it here first.
import { register } from 'tsx/esm/api';

register();
await import('./claims-worker.ts');
