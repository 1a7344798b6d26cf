// waymark/server: the Node client for a site's own servers (see server/README.md).
export { createServerClient } from './client.js';
export { BatchRefusedError, CollectorUnavailableError } from './send-batch.js';
export type * from './types.js';
