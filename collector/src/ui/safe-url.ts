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

/** A `next` target after sign-in: a local path only, so the form cannot bounce a user to another site. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
