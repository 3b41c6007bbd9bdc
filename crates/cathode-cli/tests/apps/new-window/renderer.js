document.getElementById('open').addEventListener('click', () => {
  window.windows.open({ file: 'about.html', width: 400, height: 320 });
});
