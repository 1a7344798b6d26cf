// Every page: a slim progress bar while the next page is being built on the server (the first
// journey map over a large store can take seconds), so a click never looks ignored.
const start = () => document.body.classList.add('loading');
document.addEventListener('submit', (e) => { if (!e.defaultPrevented && (e.target as HTMLFormElement).method !== 'dialog') start(); });
document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest('a[href]') as HTMLAnchorElement | null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute('download')) return;
  if (a.origin === location.origin && !a.getAttribute('href')!.startsWith('#')) start();
});
// Back/forward restores a page from the cache with the bar still on.
window.addEventListener('pageshow', () => document.body.classList.remove('loading'));

export {};
