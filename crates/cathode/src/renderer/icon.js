// Gives the document the window's icon (Electron's `icon` and `setIcon`): Chromium shows an app
// window's favicon as its window icon (`_NET_WM_ICON` on X11), so the icon is a `<link rel=icon>`
// that this script adds, after the page's own icon links, in every document of the window. Runs
// in an isolated world, so page scripts cannot change what it does; they share only the DOM.
(function setWindowIcon(href) {
  'use strict';
  if (window.top !== window) return;
  const marker = 'data-cathode-icon';
  const place = () => {
    for (const old of document.querySelectorAll(`link[${marker}]`)) old.remove();
    const link = document.createElement('link');
    link.rel = 'icon';
    link.href = href;
    link.setAttribute(marker, '');
    (document.head || document.documentElement).appendChild(link);
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', place, { once: true });
  } else {
    place();
  }
})
