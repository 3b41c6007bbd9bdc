const { ipcRenderer } = require('electron/renderer');

let typedAt = null;
window.addEventListener('DOMContentLoaded', () => {
  document.getElementById('editor').addEventListener('input', () => { typedAt = new Date(); });
});

ipcRenderer.handle('editor:draft', () => {
  const text = document.getElementById('editor').value;
  const words = new Map();
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    words.set(word, (words.get(word) ?? 0) + 1);
  }
  return { text, words, typedAt };
});

ipcRenderer.handle('editor:clear', (event, question) => {
  throw new Error(`the user said no to "${question}"`);
});
