const state = document.getElementById('state');
const seen = [];

document.getElementById('open').addEventListener('click', () => window.notes.open());

window.notes.onChange((change) => {
  seen.push(change);
  state.innerText = change;
});

// For the test driver: every state the page has shown, in order.
window.history_ = () => [...seen];
