// An option the caller can fix (a funnel step, a flows level): the read API answers it with 400
// and its message, the UI shows the message beside the form. Any other error is the collector's.
export class OptionError extends Error {
  override name = 'OptionError';
}
