document.getElementById('open').addEventListener('click', async () => {
  const note = document.getElementById('note');
  try {
    note.innerText = await window.notes.read(document.getElementById('name').value);
  } catch (error) {
    note.innerText = `could not open it (${error instanceof Error ? 'Error' : typeof error}: ${error.message.includes('ENOENT') ? 'ENOENT' : error.message})`;
  }
});
