// The script-tag build (dist/sdk/waymark.iife.js, global `waymark`): replays the calls the async
// snippet queued before this file arrived, then becomes `window.waymark`.
import { waymark } from './index';

type Call = [string, ...unknown[]];
const queued: Call[] | undefined = (window as any).waymark;
if (Array.isArray(queued)) {
  for (const [method, ...args] of queued) {
    const fn = method === 'survey.show' ? waymark.survey.show : (waymark as any)[method];
    if (typeof fn === 'function') fn(...args);
    else console.warn(`waymark: the snippet queued an unknown method "${method}"`);
  }
}

export default waymark;
