// Browsers as the SDK sees them: a user agent and screen, an anonymous id kept in storage across
// visits, and the user id identify() stores beside it. reset() (log-out) forgets the user and
// mints a new anonymous id; without it, whoever uses the browser next sends the old user id.
import type { Random } from '../seed/random.js';

export interface DeviceKind {
  userAgent: string;
  screen: { width: number; height: number };
  viewport: { width: number; height: number };
}

export const HUMAN_DEVICES: readonly DeviceKind[] = [
  { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', screen: { width: 1920, height: 1080 }, viewport: { width: 1440, height: 900 } },
  { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', screen: { width: 1512, height: 982 }, viewport: { width: 1280, height: 800 } },
  { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148', screen: { width: 390, height: 844 }, viewport: { width: 390, height: 664 } },
  { userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36', screen: { width: 412, height: 915 }, viewport: { width: 412, height: 780 } },
  { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', screen: { width: 2560, height: 1440 }, viewport: { width: 1600, height: 1000 } },
];

/** Crawlers and headless browsers that execute the SDK (truth: never a customer). */
export const BOT_DEVICES: readonly DeviceKind[] = [
  { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', screen: { width: 1024, height: 768 }, viewport: { width: 1024, height: 768 } },
  { userAgent: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0 Safari/537.36', screen: { width: 1366, height: 768 }, viewport: { width: 1366, height: 768 } },
  { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', screen: { width: 800, height: 600 }, viewport: { width: 800, height: 600 } },
  { userAgent: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', screen: { width: 1280, height: 800 }, viewport: { width: 1280, height: 800 } },
  { userAgent: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', screen: { width: 1200, height: 630 }, viewport: { width: 1200, height: 630 } },
];

export interface Device {
  kind: DeviceKind;
  /** What the SDK keeps in storage. */
  anonymousId: string;
  userId: string | null;
  /** End of the last visit on this device (ms). */
  lastUsed: number;
}

export function newDevice(r: Random, kinds: readonly DeviceKind[] = HUMAN_DEVICES): Device {
  return { kind: r.pick(kinds), anonymousId: r.uuid(), userId: null, lastUsed: 0 };
}

/** waymark.reset(): forget the user, new anonymous id. */
export function resetDevice(r: Random, d: Device): void {
  d.userId = null;
  d.anonymousId = r.uuid();
}
