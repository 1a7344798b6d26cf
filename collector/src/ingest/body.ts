// Reads a request body with a hard size limit that also applies after gzip decompression, so
// neither a large upload nor a small gzip bomb can make the collector buffer more than it allows.
export class BodyError extends Error {
  constructor(readonly status: 400 | 413 | 415, message: string) {
    super(message);
  }
}

const ACCEPTED_TYPES = ['application/json', 'text/plain'];

export async function readBody(req: Request, limit: number): Promise<string> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  // sendBeacon and simple CORS requests send text/plain; an absent type is treated the same.
  if (type && !ACCEPTED_TYPES.includes(type)) {
    throw new BodyError(415, `Content-Type ${type} is not accepted; send application/json or text/plain`);
  }
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new BodyError(413, `body is ${declared} bytes; the limit is ${limit}`);
  if (!req.body) throw new BodyError(400, 'body is empty; send a JSON batch');

  const encoding = (req.headers.get('content-encoding') ?? '').toLowerCase();
  const gzip = encoding === 'gzip' || new URL(req.url).searchParams.get('enc') === 'gzip';
  if (encoding && encoding !== 'gzip' && encoding !== 'identity') {
    throw new BodyError(415, `Content-Encoding ${encoding} is not supported; use gzip or none`);
  }
  const stream = gzip ? req.body.pipeThrough(new DecompressionStream('gzip')) : req.body;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new BodyError(413, `body is over the limit of ${limit} bytes${gzip ? ' once decompressed' : ''}`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof BodyError) throw e;
    throw new BodyError(400, gzip ? 'body is not valid gzip' : `body could not be read: ${(e as Error).message}`);
  }
  if (size === 0) throw new BodyError(400, 'body is empty; send a JSON batch');
  // Invalid UTF-8 becomes U+FFFD rather than failing the whole batch.
  return new TextDecoder().decode(concat(chunks, size));
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) { out.set(c, offset); offset += c.byteLength; }
  return out;
}
