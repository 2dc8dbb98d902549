// My page's script, served as /static/mypage.js: logging out is a same-origin JSON POST (the
// portal refuses a form's POST, whatever its origin), then back to the login page.
'use strict';

document.getElementById('logout').addEventListener('click', async () => {
  const button = document.getElementById('logout');
  try {
    const r = await fetch('/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: '{}',
    });
    if (r.ok) {
      location.href = '/login';
      return;
    }
  } catch (e) {
    // Shown below.
  }
  button.textContent = 'Log out failed: try again';
});
