// `$submit`: form submissions, described by the form (id, name, action path, field count),
// never by what was typed.
import { describeElement } from './element';
import { listen, track, type Emit, type Unsubscribe } from './types';

export function captureForms(emit: Emit): Unsubscribe {
  return listen(document, 'submit', (e: SubmitEvent) => {
    const form = e.target as HTMLFormElement;
    if (!(form instanceof HTMLFormElement)) return;
    const action = form.getAttribute('action');
    emit(
      track('$submit', {
        ...describeElement(form),
        name: form.getAttribute('name') ?? undefined,
        action: action ? action.split(/[?#]/)[0] : undefined,
        method: form.method,
        fields: form.elements.length,
      }),
    );
  });
}
