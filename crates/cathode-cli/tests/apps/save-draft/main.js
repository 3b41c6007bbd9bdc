// Before it quits, main asks the page for the text the user has not saved yet (main-to-page
// invoke, answered by the preload's ipcRenderer.handle) and writes it to a file.
const { app, BrowserWindow } = require('electron/main');
const fs = require('node:fs');
const path = require('node:path');

app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'preload.js') } });
  win.webContents.on('did-finish-load', async () => {
    // The user types.
    await win.webContents.executeJavaScript(`
      const editor = document.getElementById('editor');
      editor.value = 'Dear diary,\\ntoday cathode asked my page a question.';
      editor.dispatchEvent(new Event('input'));
    `);
    const draft = await win.webContents.invoke('editor:draft');
    const file = path.join(app.getPath('temp'), `save-draft-${process.pid}.txt`);
    fs.writeFileSync(file, draft.text);
    console.log(`saved ${fs.readFileSync(file, 'utf8').split('\n').length} lines, ${draft.words.get('cathode')} x "cathode", typed at ${draft.typedAt instanceof Date}`);
    fs.rmSync(file);
    try {
      await win.webContents.invoke('editor:spellcheck');
    } catch (error) {
      console.log(`spellcheck: ${error.message}`);
    }
    try {
      await win.webContents.invoke('editor:clear', 'are you sure?');
    } catch (error) {
      console.log(`clear: ${error.message}`);
    }
    app.quit();
  });
  win.loadFile('index.html');
});
