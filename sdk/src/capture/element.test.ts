// Element descriptions (happy-dom): stable, short, and never an input's value.
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { describeElement, interactiveAncestor, selectorPath } from './element';

describe('element descriptions', () => {
  it.each([
    ['a button with an id', '<div><button id="buy" class="btn primary">Buy  now</button></div>', 'button', { tag: 'button', id: 'buy', classes: ['btn', 'primary'], text: 'Buy now', selector: '#buy' }],
    ['a link, its query dropped', '<nav><a href="/p?id=1#x" class="x1234">Lamp</a></nav>', 'a', { tag: 'a', text: 'Lamp', href: '/p', selector: 'body > nav > a' }],
    ['an input: its name, never its value', '<form><input name="email" value="ada@example.com"></form>', 'input', { tag: 'input', text: 'email', inputType: 'text' }],
    ['a textarea: its placeholder, never its text', '<form><textarea placeholder="Message">ada@example.com</textarea></form>', 'textarea', { tag: 'textarea', text: 'Message', inputType: 'textarea' }],
    ['a select: its aria-label, never the option chosen', '<select aria-label="Email"><option>ada@example.com</option></select>', 'select', { tag: 'select', text: 'Email', inputType: 'select-one' }],
    ['inside a masked subtree: tag and path only', '<div data-waymark-mask><button id="b">Secret</button></div>', 'button', { tag: 'button', selector: '#b' }],
    ['siblings get nth-of-type', '<ul><li><button>A</button></li><li><button class="css-x1">B</button></li></ul>', 'li:nth-of-type(2) button', { tag: 'button', text: 'B', selector: 'body > ul > li:nth-of-type(2) > button' }],
  ] as [string, string, string, Record<string, unknown>][])('%s', (_n, html, query, expected) => {
    document.body.innerHTML = html;
    const el = document.querySelector(query)!;
    const d = JSON.parse(JSON.stringify(describeElement(el)));
    if (expected.selector === undefined) delete d.selector;
    expect(d).toEqual(expected);
    expect(JSON.stringify(d)).not.toContain('ada@example.com');
  });

  it('finds the interactive ancestor of a click on an icon inside a button', () => {
    document.body.innerHTML = '<button id="b"><span><svg></svg></span></button><p id="p">text</p>';
    expect(interactiveAncestor(document.querySelector('svg'))?.id).toBe('b');
    expect(interactiveAncestor(document.querySelector('#p'))).toBeNull();
    expect(selectorPath(document.querySelector('span')!)).toBe('#b > span');
  });
});
