// URLs from events end up in links. Only http(s) survives; `javascript:`, `data:` and friends
// (however they are cased, spaced or encoded) become null and the UI shows the text unlinked.
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}

/**
 * A path on this site: one "/", then printable ASCII but no backslash. Browsers drop tabs and line
 * breaks from a URL and read a backslash as "/", so "/<tab>/evil.example" would leave the site, and
 * a line break would also break the Location header. Local URLs the UI makes are percent-encoded.
 */
const LOCAL_PATH = /^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/;

/** A `next` target after sign-in: a local path only, else "/", so the form cannot bounce a user to another site. */
export function safeNext(next: string | null | undefined): string {
  return next && LOCAL_PATH.test(next) ? next : '/';
}
