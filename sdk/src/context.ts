// The `context` of each event: page, screen and client. Rebuilt only when the URL or title
// changes, so track() stays cheap.
import type { Context, Utm } from '../../wire';

export const SDK_NAME = 'waymark-js';
export const SDK_VERSION = '0.1.0';

let cache: Context;
let key = '';

export function pageContext(utm: Utm | undefined): Context {
  const k = location.href + document.title;
  if (k !== key) {
    key = k;
    cache = {
      url: location.href,
      path: location.pathname,
      title: document.title,
      referrer: document.referrer,
      locale: navigator.language,
      userAgent: navigator.userAgent,
      screen: { width: screen.width, height: screen.height },
      viewport: { width: innerWidth, height: innerHeight },
      sdk: { name: SDK_NAME, version: SDK_VERSION },
    };
  }
  return utm ? { ...cache, utm } : cache;
}
