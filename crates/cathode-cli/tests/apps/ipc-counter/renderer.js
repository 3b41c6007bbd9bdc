const counter = document.getElementById('counter');

window.counter.onUpdate((step) => {
  const value = Number(counter.innerText) + step;
  counter.innerText = String(value);
  window.counter.report(value);
});
