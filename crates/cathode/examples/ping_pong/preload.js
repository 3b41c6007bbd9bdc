// The page's preload: it runs before the page's own scripts, in an isolated world of cathode's.
// It shares the page's DOM (so it can log into the page and hear the button) but none of its
// JavaScript, and it alone can reach main.
const { ipcRenderer } = require('electron');

let gotPing = false;
let gotPong = false;
const maybeDone = () => {
  if (gotPing && gotPong) ipcRenderer.send('page-done');
};

const log = (text) => {
  const item = document.createElement('li');
  item.textContent = text;
  document.getElementById('log').append(item);
  console.log(text);
};

// Main greets the page once it has loaded; the page answers.
ipcRenderer.on('ping-from-main', (event, text) => {
  log(`page <- main: ${text}`);
  event.sender.send('pong-from-page', 'pong from the page');
  gotPing = true;
  maybeDone();
});

// Main answers the button with a reply.
ipcRenderer.on('pong-from-main', (event, text) => {
  log(`page <- main: ${text}`);
  gotPong = true;
  maybeDone();
});

// The button sends to main; the page's elements exist once the document is parsed.
window.addEventListener('DOMContentLoaded', () => {
  document.getElementById('ping').addEventListener('click', () => {
    log('page -> main: ping from the page');
    ipcRenderer.send('ping-from-page', 'ping from the page');
  });
});
