// typed-notes' page and a preload of the same app, in TypeScript: what main's typed channels
// accept type-checks, and each line marked @ts-expect-error must be refused.
import { ipcRenderer } from 'electron';

async function page(): Promise<void> {
  const sum: number = await window.notes.add(2, 3.5);
  const note = await window.notes.get(7);
  const title: string = note.title;
  const words: number = note.words;
  const tags: string[] = note.tags;
  const answered: string | undefined = note.reply_to?.title;
  const version: string = window.notes.version();
  window.notes.onProgress((file, fraction) => {
    const name: string = file;
    const done: number = fraction;
  });
  window.notes.ready();
  window.notes.log(`${sum} ${title} ${words} ${tags} ${answered} ${version}`);

  // @ts-expect-error: add takes two numbers
  await window.notes.add(2, 'three');
  // @ts-expect-error: and exactly two
  await window.notes.add(2);
  // @ts-expect-error: a note's words are a number
  const wordsText: string = note.words;
  // @ts-expect-error: a note has no body
  note.body;
  // @ts-expect-error: version takes no arguments
  window.notes.version(1);
  // @ts-expect-error: progress's fraction is a number
  window.notes.onProgress((file: string, fraction: string) => {});
  // @ts-expect-error: main gave the page no `settings`
  window.settings;
}

async function preload(): Promise<void> {
  const sum: number = await ipcRenderer.invoke('add', 1, 2);
  const note = await ipcRenderer.invoke('note:get', 3);
  const title: string = note.title;
  const version: string = ipcRenderer.sendSync('version');
  ipcRenderer.send('log', 'a line');
  ipcRenderer.on('progress', (_event, file, fraction) => {
    const name: string = file;
    const done: number = fraction;
  });
  // Channels main did not declare take anything, as without declarations.
  const anything: unknown = await ipcRenderer.invoke('untyped', { any: 'thing' }, 1);
  ipcRenderer.send('untyped', 1, 2, 3);

  // @ts-expect-error: add takes two numbers
  await ipcRenderer.invoke('add', 1, 'x');
  // @ts-expect-error: the answer is a number
  const sumText: string = await ipcRenderer.invoke('add', 1, 2);
  // @ts-expect-error: a note's title is a string
  const titleNumber: number = note.title;
  // @ts-expect-error: log takes a string
  ipcRenderer.send('log', 42);
  // @ts-expect-error: version answers a string
  const versionNumber: number = ipcRenderer.sendSync('version');
  // @ts-expect-error: progress's fraction is a number
  ipcRenderer.on('progress', (_event, file: string, fraction: string) => {});
}

export { page, preload };
