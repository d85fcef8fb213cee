// Friends, requests and blocks; the profile; a new group.
import { describe } from '../api';
import { clear, h } from '../dom';
import type { Store } from '../store';
import type { Conversation, Page, UserProfile, UserSummary } from '../types';
import { presenceDot } from './conversation';
import { go } from './router';

async function act(store: Store, work: () => Promise<unknown>): Promise<void> {
  try { await work(); } catch (error) { store.say(describe(error)); }
}

export function friendsView(store: Store): { element: HTMLElement; dispose(): void } {
  const results = h('ul', { className: 'people', 'aria-label': 'Search results' });
  const search = h('input', { id: 'friend-search', type: 'search', autocomplete: 'off', placeholder: 'username' });
  const searchForm = h('form', { className: 'inline-form', role: 'search' },
    h('label', { for: 'friend-search' }, 'Find people'), search, h('button', { type: 'submit', className: 'secondary' }, 'Search'));
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(store, async () => {
      const page = await store.api.get<Page<UserSummary>>(`/users?search=${encodeURIComponent(search.value.trim())}&limit=20`);
      const users = page.items.filter((u) => u.id !== store.me?.id);
      clear(results, ...(users.length ? users.map((user) => h('li', {}, h('span', { className: 'name' }, user.displayName, ' ', h('span', { className: 'muted' }, '@' + user.username)),
        h('button', { type: 'button', className: 'secondary', 'aria-label': `Add ${user.username} as a friend`, onclick: (e: Event) => void act(store, async () => {
          await store.api.post('/friends/requests', { userId: user.id });
          (e.target as HTMLButtonElement).textContent = 'Requested';
          (e.target as HTMLButtonElement).disabled = true;
          await store.loadFriends();
        }) }, 'Add friend'))) : [h('li', { className: 'muted' }, 'Nobody found.')]));
    });
  });

  const lists = h('div', { className: 'friend-lists' });
  const render = () => {
    clear(lists,
      h('section', { 'aria-labelledby': 'incoming-heading' }, h('h3', { id: 'incoming-heading' }, `Requests to you (${store.incoming.length})`),
        h('ul', { className: 'people' }, ...store.incoming.map((r) => h('li', { 'data-request': r.id }, h('span', { className: 'name' }, r.from.displayName, ' ', h('span', { className: 'muted' }, '@' + r.from.username)),
          h('button', { type: 'button', className: 'primary', 'aria-label': `Accept ${r.from.username}`, onclick: () => void act(store, async () => { await store.api.post(`/friends/requests/${r.id}/accept`); await store.loadFriends(); }) }, 'Accept'),
          h('button', { type: 'button', className: 'secondary', 'aria-label': `Decline ${r.from.username}`, onclick: () => void act(store, async () => { await store.api.post(`/friends/requests/${r.id}/decline`); await store.loadFriends(); }) }, 'Decline'))))),
      h('section', { 'aria-labelledby': 'outgoing-heading' }, h('h3', { id: 'outgoing-heading' }, `Sent requests (${store.outgoing.length})`),
        h('ul', { className: 'people' }, ...store.outgoing.map((r) => h('li', {}, h('span', { className: 'name' }, r.to.displayName, ' ', h('span', { className: 'muted' }, '@' + r.to.username)),
          h('button', { type: 'button', className: 'secondary', 'aria-label': `Cancel request to ${r.to.username}`, onclick: () => void act(store, async () => { await store.api.delete(`/friends/requests/${r.id}`); await store.loadFriends(); }) }, 'Cancel'))))),
      h('section', { 'aria-labelledby': 'friends-heading' }, h('h3', { id: 'friends-heading' }, `Friends (${store.friends.length})`),
        h('ul', { className: 'people' }, ...store.friends.map((f) => h('li', { 'data-friend': f.user.username }, presenceDot(store, f.user.id),
          h('span', { className: 'name' }, f.user.displayName, ' ', h('span', { className: 'muted' }, '@' + f.user.username)),
          h('button', { type: 'button', className: 'primary', 'aria-label': `Message ${f.user.username}`, onclick: () => void act(store, async () => go('/c/' + (await store.openDirect(f.user.id)).id)) }, 'Message'),
          h('button', { type: 'button', className: 'secondary', 'aria-label': `Unfriend ${f.user.username}`, onclick: () => void act(store, async () => { await store.api.delete(`/friends/${f.user.id}`); await store.loadFriends(); }) }, 'Unfriend'),
          h('button', { type: 'button', className: 'danger', 'aria-label': `Block ${f.user.username}`, onclick: () => void act(store, async () => { await store.api.post('/blocks', { userId: f.user.id }); await store.loadFriends(); }) }, 'Block'))))),
      h('section', { 'aria-labelledby': 'blocked-heading' }, h('h3', { id: 'blocked-heading' }, `Blocked (${store.blocks.length})`),
        h('ul', { className: 'people' }, ...store.blocks.map((u) => h('li', {}, h('span', { className: 'name' }, u.displayName, ' ', h('span', { className: 'muted' }, '@' + u.username)),
          h('button', { type: 'button', className: 'secondary', 'aria-label': `Unblock ${u.username}`, onclick: () => void act(store, async () => { await store.api.delete(`/blocks/${u.id}`); await store.loadFriends(); }) }, 'Unblock'))))));
  };
  const unsubscribe = store.subscribe((change) => { if (change.kind === 'friends' || change.kind === 'presence') render(); });
  render();
  return {
    element: h('section', { className: 'page', 'aria-labelledby': 'page-title' }, h('h2', { id: 'page-title', tabindex: -1 }, 'Friends'), searchForm, results, lists),
    dispose: unsubscribe,
  };
}

export function profileView(store: Store): HTMLElement {
  const me = store.me!;
  const displayName = h('input', { id: 'profile-display-name', maxlength: 100, required: true, value: me.displayName });
  const bio = h('textarea', { id: 'profile-bio', maxlength: 500, rows: 3 });
  bio.value = me.bio ?? '';
  const avatar = h('input', { id: 'profile-avatar', type: 'url', maxlength: 2048, value: me.avatarUrl ?? '', placeholder: 'https://…' });
  const saved = h('p', { role: 'status', className: 'muted' });
  const form = h('form', { className: 'stack' },
    h('div', { className: 'field' }, h('label', { for: 'profile-display-name' }, 'Display name'), displayName),
    h('div', { className: 'field' }, h('label', { for: 'profile-bio' }, 'About you'), bio),
    h('div', { className: 'field' }, h('label', { for: 'profile-avatar' }, 'Avatar URL'), avatar),
    h('button', { type: 'submit', className: 'primary' }, 'Save profile'), saved);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(store, async () => {
      const profile = await store.api.patch<UserProfile>('/users/me', { displayName: displayName.value.trim(), bio: bio.value, avatarUrl: avatar.value.trim() });
      store.me = profile;
      store.remember(profile);
      saved.textContent = 'Saved.';
      store.emit({ kind: 'session' });
    });
  });
  return h('section', { className: 'page', 'aria-labelledby': 'page-title' },
    h('h2', { id: 'page-title', tabindex: -1 }, 'Profile'),
    h('p', { className: 'muted' }, `Signed in as @${me.username}`),
    form,
    h('button', { type: 'button', className: 'danger', onclick: () => void store.api.logout().then(() => go('/', true)) }, 'Sign out'),
    h('p', { className: 'muted small' }, `${store.server.name} ${store.server.version}`));
}

export function newGroupView(store: Store): HTMLElement {
  const title = h('input', { id: 'group-title', required: true, maxlength: 100 });
  const boxes = store.friends.map((f) => {
    const box = h('input', { type: 'checkbox', id: 'member-' + f.user.id, value: f.user.id });
    return { box, row: h('li', {}, box, h('label', { for: 'member-' + f.user.id }, f.user.displayName, ' ', h('span', { className: 'muted' }, '@' + f.user.username))) };
  });
  const form = h('form', { className: 'stack' },
    h('div', { className: 'field' }, h('label', { for: 'group-title' }, 'Group name'), title),
    h('fieldset', {}, h('legend', {}, 'Members (your friends)'),
      boxes.length ? h('ul', { className: 'checklist' }, ...boxes.map((b) => b.row)) : h('p', { className: 'muted' }, 'Add friends first.')),
    h('button', { type: 'submit', className: 'primary' }, 'Create group'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(store, async () => {
      const memberIds = boxes.filter((b) => b.box.checked).map((b) => b.box.value);
      const conversation = await store.api.post<Conversation>('/conversations/group', { title: title.value.trim(), memberIds });
      store.upsertConversation(conversation);
      go('/c/' + conversation.id);
    });
  });
  return h('section', { className: 'page', 'aria-labelledby': 'page-title' }, h('h2', { id: 'page-title', tabindex: -1 }, 'New group'), form);
}
