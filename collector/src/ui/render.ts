// Sends a JSX page as a complete HTML document.
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';

export async function render(c: Context, page: JSX.Element, status: 200 | 202 | 400 | 401 | 403 | 404 | 500 = 200) {
  const body = await (page as { toString(): string | Promise<string> }).toString();
  return c.html(`<!DOCTYPE html>${body}`, status);
}
