// The page's own world: it gets its end of the channel from the preload, through postMessage.
let received = 0;

window.addEventListener('message', (event) => {
  if (event.source !== window || !event.data?.peer) return;
  const { me, peer } = event.data;
  const [port] = event.ports;
  port.onmessage = ({ data }) => {
    received += 1;
    document.getElementById('log').textContent += `${data} `;
    document.title = `${me}: ${received} from ${peer}`;
  };
  if (me === 'left') {
    for (const word of ['one', 'two', 'three']) port.postMessage(word);
  }
});
