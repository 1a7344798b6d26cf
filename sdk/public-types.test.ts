// The generated typings stand alone and type a user's code as the SDK behaves: compiled by tsc
// beside a small user file, with no error, while the misuses below are errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { publicTypes } from './public-types';

const USER = `
import waymark, { createWaymark, type InitOptions, type WaymarkEvent, type DeliveryStatus, type Json } from './waymark';
const options: InitOptions = { writeKey: 'wk_x', endpoint: 'https://c.example', autocapture: { scroll: false }, consent: 'pending' };
waymark.init(options);
window.waymark.track('order_completed', { total: 59.9, items: ['a'], coupon: null });
const off = waymark.on('event', (e: WaymarkEvent) => console.log(e.id, e.context.url, e.context.utm?.source, e.properties?.total));
waymark.on('status', (ids: string[], status: DeliveryStatus) => console.log(ids.length, status));
off();
const done: Promise<boolean> = createWaymark().flush();
const anonymous: string = waymark.ids().anonymousId;
const value: Json = { nested: [1, 'two', true] };
// @ts-expect-error track() needs a name
waymark.track();
// @ts-expect-error consent is one of three states
waymark.consent('yes');
// @ts-expect-error init() needs the endpoint
waymark.init({ writeKey: 'wk_x' });
// @ts-expect-error properties are JSON
waymark.track('x', { when: new Date() });
export { done, anonymous, value };
`;

it('dist/sdk/waymark.d.ts compiles on its own and types what users write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-types-'));
  writeFileSync(join(dir, 'waymark.d.ts'), publicTypes());
  writeFileSync(join(dir, 'user.ts'), USER);
  const program = ts.createProgram([join(dir, 'user.ts')], {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
  });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.slice(dir.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  expect(errors).toEqual([]);
});
