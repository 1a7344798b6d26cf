// `$click`: clicks on interactive elements (links, buttons, fields, ARIA widgets).
import { describeElement, interactiveAncestor } from './element';
import { listen, track, type Emit, type Unsubscribe } from './types';

export function captureClicks(emit: Emit): Unsubscribe {
  return listen(document, 'click', (e: MouseEvent) => {
    const el = interactiveAncestor(e.target as Element);
    if (el) emit(track('$click', describeElement(el)));
  });
}
