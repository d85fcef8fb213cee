// Entry point: renders the sign-in screen. The full client grows from here (docs/web-client.md).
const root = document.getElementById('app')!;
const main = document.createElement('main');
main.className = 'auth';
const title = document.createElement('h1');
title.textContent = 'Chat';
main.append(title);
root.replaceChildren(main);
