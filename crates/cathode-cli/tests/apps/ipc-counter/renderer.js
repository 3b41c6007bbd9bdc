const counter = document.getElementById('counter');

window.counterApi.onUpdate((step) => {
  const value = Number(counter.innerText) + step;
  counter.innerText = String(value);
  window.counterApi.report(value);
});
