// A customer id in a URL path: GET /v1/customers/:id/journey, DELETE /v1/customers/:id and the
// UI's /customers/:id. Any string can be an id, but "." and ".." cannot be a path segment:
// browsers and fetch resolve them, even written %2E, before a request leaves. Such an id takes
// one extra leading "~" in a path, and so does an id that already looks like that ("~..", "~~."),
// which keeps the rule reversible. Every other id is only percent-encoded.
const DOT_SEGMENT = /^~*\.\.?$/;

/** The path segment that names a customer, for links and API calls. */
export function customerIdSegment(id: string): string {
  return encodeURIComponent(DOT_SEGMENT.test(id) ? `~${id}` : id);
}

/** The customer id a (decoded) path segment names: customerIdSegment's inverse. */
export function customerIdFromSegment(segment: string): string {
  return segment.startsWith('~') && DOT_SEGMENT.test(segment) ? segment.slice(1) : segment;
}

/**
 * Why no customer can be looked up by this id, or null. PostgreSQL text cannot hold U+0000, so
 * a query with it fails; one rule for both stores keeps their answers the same.
 */
export function invalidCustomerId(id: string): string | null {
  return id.includes('\u0000') ? 'customer id: must not contain U+0000 (NUL); ids are user ids or anonymous ids as sent (see GET /v1/customers)' : null;
}
