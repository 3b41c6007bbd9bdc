const { ipcRenderer } = require('electron');

let report;
try {
  const remote = require('@electron/remote');
  const settings = remote.getGlobal('settings');
  report = `theme ${settings.theme}, app ${remote.app.getName()}, ` +
    `own window ${remote.getCurrentWindow().id === remote.getCurrentWebContents().id}`;
} catch (error) {
  report = `refused: ${error.message}`;
}
document.getElementById('report').textContent = report;
ipcRenderer.send('report', report);
