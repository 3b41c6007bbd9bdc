document.getElementById('set').addEventListener('click', () => {
  window.titleBar.rename(document.getElementById('title').value);
});
