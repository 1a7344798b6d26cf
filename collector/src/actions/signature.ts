// Standard Webhooks signing (standardwebhooks.com): what Svix, Make and the `standardwebhooks`
// package verify. Web Crypto, so it runs wherever the app does.

/** The base64 key of a `whsec_` secret, as bytes. */
function keyBytes(secret: string): Uint8Array<ArrayBuffer> {
  const b64 = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function toBase64(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed by the decoded secret. */
export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', keyBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${toBase64(mac)}`;
}

/** The three headers of one delivery attempt: the id stays the same on every retry, the time does not. */
export async function webhookHeaders(secret: string, id: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': await signWebhook(secret, id, timestamp, body),
  };
}
