// Tab streams survive the background being stopped (Chromium stops idle MV3 service workers).
import { describe, expect, it } from 'vitest';
import { createStreamStore, type SessionArea } from './stream-store.js';
import { notePage } from './tab-stream.js';

function memoryArea(): SessionArea & { writes: number; data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const a = {
    data, writes: 0,
    async get(key: string) { return data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}; },
    async set(items: Record<string, unknown>) { a.writes++; for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v)); },
    async remove(key: string) { data.delete(key); },
  };
  return a;
}

describe('stream store', () => {
  it('coalesces a burst of changes into one write, and a new background reads the stream back', async () => {
    const area = memoryArea();
    const first = createStreamStore(area, 20);
    for (let i = 0; i < 50; i++) await first.update(3, (s) => notePage(s, `https://shop.example/${i}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
    await new Promise((r) => setTimeout(r, 60));
    expect(area.writes).toBe(1);
    const restarted = createStreamStore(area, 20);
    expect((await restarted.get(3)).pages).toHaveLength(50);
  });

  it('gives an empty stream for an unknown tab and forgets a closed one', async () => {
    const area = memoryArea();
    const store = createStreamStore(area, 5);
    expect((await store.get(8)).entries).toEqual([]);
    await store.update(8, (s) => notePage(s, 'https://x.example/', new Date().toISOString()));
    await store.flush();
    expect(area.data.has('stream:8')).toBe(true);
    await store.forget(8);
    expect(area.data.has('stream:8')).toBe(false);
    expect((await store.get(8)).pages).toEqual([]);
  });
});
