// What cathode's `screen` module reads of the display a page's window is on. Evaluated in the
// page by WebContents::execute_javascript; the value is the expression's result.
(() => ({
  width: screen.width,
  height: screen.height,
  availLeft: screen.availLeft ?? 0,
  availTop: screen.availTop ?? 0,
  availWidth: screen.availWidth,
  availHeight: screen.availHeight,
  colorDepth: screen.colorDepth,
  pixelDepth: screen.pixelDepth,
  scaleFactor: window.devicePixelRatio,
  angle: screen.orientation ? screen.orientation.angle : 0,
  isExtended: Boolean(screen.isExtended),
}))()
