// Entry point: loads what the server offers, resumes this tab's session if it has one, and shows sign-in or the app.
import { h } from './dom';
import { Store } from './store';
import { authView } from './ui/auth';
import { shell } from './ui/shell';

const root = document.getElementById('app')!;
const store = new Store();
let mounted: { dispose(): void } | null = null;

function render(): void {
  mounted?.dispose();
  mounted = null;
  if (store.me) {
    const app = shell(store);
    mounted = app;
    root.replaceChildren(app.element);
  } else {
    const view = authView(store);
    root.replaceChildren(view);
    view.querySelector<HTMLInputElement>('#auth-username')?.focus();
  }
}

let signedIn = false;
store.subscribe((change) => {
  if (change.kind !== 'session') return;
  if ((store.me !== null) !== signedIn) {
    signedIn = store.me !== null;
    render();
  }
});

root.replaceChildren(h('p', { className: 'loading muted', role: 'status' }, 'Loading…'));
await store.loadServer();
document.title = store.server.name || 'Chat';
if (!(await store.api.resume())) render();
