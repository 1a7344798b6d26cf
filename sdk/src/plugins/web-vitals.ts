// Optional plugin, dist/sdk/waymark-web-vitals.js: LCP, CLS and INP as `$web_vitals` events. Kept
// out of the core to keep it within its size budget; load it with a script tag after the snippet.
import { captureWebVitals } from '../capture/web-vitals';

captureWebVitals((t) => (window as any).waymark?.track(t.name, t.properties));
