// Finds text in the page, as the browser's find bar does (webContents.findInPage). Runs in an
// isolated world of its own, sharing only the DOM with the page, so the page's own scripts cannot
// change what it reports. It moves the document's selection to the match (the browser's
// `window.find` highlights and scrolls to it), then counts every match the same way, from the
// top, to say which one is active, and puts the selection back on it.
(function findInPage(text, forward, newSession, matchCase, countLimit) {
  'use strict';
  const selection = document.getSelection();
  const findNext = (backwards, wrap) => window.find(text, matchCase, backwards, wrap, false, false, false);
  // A new session starts from nothing: forward from the top, backward from the end.
  if (newSession) selection.removeAllRanges();
  if (!findNext(!forward, true) || selection.rangeCount === 0) {
    selection.removeAllRanges();
    return { matches: 0, active: 0, area: { x: 0, y: 0, width: 0, height: 0 } };
  }
  const found = selection.getRangeAt(0).cloneRange();
  const box = found.getBoundingClientRect();
  const same = (range) =>
    range.compareBoundaryPoints(Range.START_TO_START, found) === 0 &&
    range.compareBoundaryPoints(Range.END_TO_END, found) === 0;
  let matches = 0;
  let active = 0;
  selection.removeAllRanges();
  while (matches < countLimit && findNext(false, false) && selection.rangeCount > 0) {
    matches += 1;
    if (active === 0 && same(selection.getRangeAt(0))) active = matches;
  }
  selection.removeAllRanges();
  selection.addRange(found);
  return {
    matches,
    active,
    area: {
      x: Math.round(box.x),
      y: Math.round(box.y),
      width: Math.round(box.width),
      height: Math.round(box.height),
    },
  };
})
