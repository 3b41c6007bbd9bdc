// Ends a find in the page (webContents.stopFindInPage), in the find script's isolated world:
// `clearSelection` clears the match's selection, `activateSelection` focuses and clicks the
// element holding it, `keepSelection` leaves it as a normal selection.
(function stopFindInPage(action) {
  'use strict';
  const selection = document.getSelection();
  if (action === 'clearSelection') {
    selection.removeAllRanges();
  } else if (action === 'activateSelection') {
    const node = selection.anchorNode;
    const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    if (element) {
      if (typeof element.focus === 'function') element.focus();
      element.click();
    }
  }
})
