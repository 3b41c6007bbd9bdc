// Hands the page's main world the port main sends (the page cannot use ipcRenderer itself), and
// asks main for a calculator on a channel of the page's own.
const { ipcRenderer } = require('electron');

ipcRenderer.on('peer', (event, names) => {
  window.postMessage(names, '*', event.ports);
});

ipcRenderer.on('ask-calculator', () => {
  const { port1, port2 } = new MessageChannel();
  const lines = [];
  port1.onmessage = ({ data }) => {
    lines.push(`calculator: ${data.n} squared is ${data.squared}`);
    if (data.n === 2) {
      port1.postMessage('done');
    }
  };
  port1.onclose = () => {
    lines.push('calculator: main closed the port');
    ipcRenderer.send('report', lines);
  };
  ipcRenderer.postMessage('calculator', 'calculator', [port2]);
  try {
    ipcRenderer.postMessage('calculator', 'second', [port2]);
  } catch (error) {
    lines.push(`posting the port twice: ${error.name}`);
  }
  port1.postMessage(1);
  port1.postMessage(2);
});
