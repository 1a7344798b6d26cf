// Flows page: mirrors the counts of the hovered or focused Sankey band/node into a live region,
// so keyboard and screen-reader users get what a mouse user sees in the tooltip.
const tip = document.getElementById('flow-tip');
const show = (e: Event) => {
  const el = (e.target as Element | null)?.closest('[data-tip]');
  if (tip && el) tip.textContent = el.getAttribute('data-tip');
};
document.querySelectorAll('.sankey [data-tip]').forEach((el) => {
  el.addEventListener('focus', show);
  el.addEventListener('mouseenter', show);
});

export {};
