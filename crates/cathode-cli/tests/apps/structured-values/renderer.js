const { ipcRenderer } = require('electron');

function describe(value) {
  if (value instanceof Map) return `Map(${[...value].map(([k, v]) => `${describe(k)}=>${describe(v)}`).join(', ')})`;
  if (value instanceof Set) return `Set(${[...value].map(describe).join(', ')})`;
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (value instanceof Uint8Array) return `Uint8Array(${[...value]})`;
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}

ipcRenderer.once('to-page', async (event, ...args) => {
  const lines = [args.map(describe).join(' | ')];
  lines.push(describe(ipcRenderer.sendSync('sync', new Uint8Array([1, 2, 3]))));
  lines.push(describe(await ipcRenderer.invoke('invoke', new Date(Date.UTC(2024, 0, 1)))));
  ipcRenderer.send('report', lines);
});
ipcRenderer.send('to-main', new Map([[1, 'one']]), new Date(86400000), new Uint8Array([7]), undefined, 2n ** 64n);
