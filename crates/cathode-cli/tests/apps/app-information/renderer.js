document.getElementById('where').addEventListener('click', async () => {
  const folder = await window.about.appPath();
  document.getElementById('path').innerText = `This app is in ${folder}`;
});

document.getElementById('which').addEventListener('click', () => {
  document.getElementById('version').innerText = `This app runs on Electron ${window.electronVersion}`;
});
