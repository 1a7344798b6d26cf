// Event ids are stored as 16-byte blobs: a third the size of the text form, so the dedupe
// index stays small enough to live in the page cache even when clients send random ids. They go
// in through SQL (`unhex(?, '-')`, writer.ts) and come out through this.

export function bytesToUuid(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
