// Cuts a captured string to at most `max` UTF-16 code units, never between the two halves of a
// pair: half an emoji is not valid UTF-8, and the collector would store U+FFFD in its place.
// A pair's first half is 0xd800-0xdbff: exactly the code units with `>> 10 == 54`.
export const cut = (s: string | undefined, max: number) => s?.slice(0, max - +(s.charCodeAt(max - 1) >> 10 == 54));
