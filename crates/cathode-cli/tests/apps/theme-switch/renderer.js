const dark = matchMedia('(prefers-color-scheme: dark)');

// Resolves once the media query answers `wanted` (the new choice reaches the page a moment after
// main made it).
function mediaBecomes(wanted) {
  return new Promise((resolve) => {
    const check = () => {
      if (wanted === null || dark.matches === wanted) resolve();
      else requestAnimationFrame(check);
    };
    check();
  });
}

async function report(choice) {
  await mediaBecomes(choice === 'system' ? null : choice === 'dark');
  window.theme.shown({
    choice,
    media: dark.matches ? 'dark' : 'light',
    background: getComputedStyle(document.body).backgroundColor,
  });
}

document.getElementById('flip').addEventListener('click', async () => report(await window.theme.flip()));
document.getElementById('system').addEventListener('click', async () => report(await window.theme.followSystem()));

