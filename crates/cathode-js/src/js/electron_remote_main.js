// `@electron/remote/main` for main scripts: how apps written for Electron 14 and later turn the
// remote module on. cathode's remote module is always there (its plugin is part of every app the
// CLI runs); `enable(webContents)` opens it to that window's pages, which reach it as
// `require('@electron/remote')`. `native.enableRemote(windowId)` is the Rust side (electron.rs).
(function createRemoteMain(native) {
  'use strict';

  let initialized = false;
  return {
    initialize() {
      if (initialized) throw new Error('@electron/remote has already been initialized');
      initialized = true;
    },
    isInitialized: () => initialized,
    enable(webContents) {
      if (webContents === null || typeof webContents !== 'object' || typeof webContents.id !== 'number') {
        throw new TypeError('enable() takes a webContents (for example win.webContents)');
      }
      native.enableRemote(webContents.id);
    },
  };
})
