// Reports the page's title to main whenever it changes (`page-title-updated`). Runs in an
// isolated world of its own, in the main frame only: the page cannot call the binding, and can
// only change what it reports by changing its real title. `report` is that world's binding.
(function followTitle(report) {
  'use strict';
  if (window.top !== window) return;
  let last = '';
  const check = () => {
    const title = document.title;
    if (title !== last) {
      last = title;
      report(title);
    }
  };
  // Mutations come in batches (one call per task at most), so a busy page pays little.
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
  });
  document.addEventListener('DOMContentLoaded', check);
})
