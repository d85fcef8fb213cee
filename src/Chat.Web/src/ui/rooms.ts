// Rooms: mine, discover and join, create; one room's channels, members with roles and invite links; accepting an invite.
import { describe } from '../api';
import { clear, h } from '../dom';
import type { Store } from '../store';
import type { Conversation, Invite, Page, Room, RoomMember } from '../types';
import { go } from './router';

async function act(store: Store, work: () => Promise<unknown>): Promise<void> {
  try { await work(); } catch (error) { store.say(describe(error)); }
}

export function roomsView(store: Store): { element: HTMLElement; dispose(): void } {
  const mine = h('ul', { className: 'people', 'aria-label': 'My rooms' });
  const renderMine = () => clear(mine, ...([...store.rooms.values()].map((room) => h('li', {},
    h('a', { href: '/rooms/' + room.id, 'data-route': '', className: 'name' }, room.name), h('span', { className: 'muted' }, `${room.memberCount} members · ${room.myRole ?? ''}`)))));

  const name = h('input', { id: 'room-name', required: true, maxlength: 100 });
  const isPublic = h('input', { id: 'room-public', type: 'checkbox', checked: true });
  const create = h('form', { className: 'inline-form' },
    h('label', { for: 'room-name' }, 'New room'), name,
    h('span', { className: 'check' }, isPublic, h('label', { for: 'room-public' }, 'Public')),
    h('button', { type: 'submit', className: 'primary' }, 'Create room'));
  create.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(store, async () => {
      const room = await store.api.post<Room>('/rooms', { name: name.value.trim(), isPublic: isPublic.checked });
      await store.loadRooms();
      await store.loadConversations();
      go('/rooms/' + room.id);
    });
  });

  const search = h('input', { id: 'room-search', type: 'search', autocomplete: 'off' });
  const found = h('ul', { className: 'people', 'aria-label': 'Public rooms' });
  const discover = h('form', { className: 'inline-form', role: 'search' },
    h('label', { for: 'room-search' }, 'Discover public rooms'), search, h('button', { type: 'submit', className: 'secondary' }, 'Search'));
  const runDiscover = () => act(store, async () => {
    const page = await store.api.get<Page<Room>>(`/rooms/discover?search=${encodeURIComponent(search.value.trim())}&limit=20`);
    clear(found, ...(page.items.length ? page.items.map((room) => h('li', {}, h('span', { className: 'name' }, room.name), h('span', { className: 'muted' }, `${room.memberCount} members`),
      room.myRole ? h('a', { href: '/rooms/' + room.id, 'data-route': '', className: 'secondary button' }, 'Open')
        : h('button', { type: 'button', className: 'primary', 'aria-label': `Join ${room.name}`, onclick: () => void act(store, async () => {
          await store.api.post(`/rooms/${room.id}/join`);
          await store.loadRooms();
          await store.loadConversations();
          go('/rooms/' + room.id);
        }) }, 'Join'))) : [h('li', { className: 'muted' }, 'No public rooms found.')]));
  });
  discover.addEventListener('submit', (event) => { event.preventDefault(); void runDiscover(); });

  const unsubscribe = store.subscribe((change) => { if (change.kind === 'rooms') renderMine(); });
  renderMine();
  return {
    element: h('section', { className: 'page', 'aria-labelledby': 'page-title' }, h('h2', { id: 'page-title', tabindex: -1 }, 'Rooms'),
      mine, create, discover, found),
    dispose: unsubscribe,
  };
}

export function roomView(store: Store, roomId: string): { element: HTMLElement; dispose(): void } {
  const title = h('h2', { id: 'page-title', tabindex: -1 }, store.rooms.get(roomId)?.name ?? 'Room');
  const description = h('p', { className: 'muted' });
  const channels = h('ul', { className: 'channels', 'aria-label': 'Channels' });
  const members = h('ul', { className: 'people', 'aria-label': 'Members' });
  const invite = h('div', { className: 'invite' });
  const admin = h('div');

  const renderChannels = () => clear(channels, ...store.channelsOf(roomId).map((c) => h('li', {},
    h('a', { href: '/c/' + c.id, 'data-route': '' }, (c.channelType === 'voice' ? '🔊 ' : '# ') + (c.title ?? '')),
    c.unreadCount > 0 ? h('span', { className: 'badge', 'aria-label': `${c.unreadCount} unread` }, String(c.unreadCount)) : null)));

  const load = () => act(store, async () => {
    const room = await store.api.get<Room>(`/rooms/${roomId}`);
    title.textContent = room.name;
    description.textContent = room.description ?? (room.isPublic ? 'Public room' : 'Private room');
    const page = await store.api.get<Page<RoomMember>>(`/rooms/${roomId}/members?limit=100`);
    clear(members, ...page.items.map((m) => h('li', {}, h('span', { className: 'name' }, m.user.displayName, ' ', h('span', { className: 'muted' }, '@' + m.user.username)),
      h('span', { className: 'role', 'data-role': m.role }, m.role))));
    const canInvite = room.myRole === 'owner' || room.myRole === 'admin' || room.myRole === 'moderator' || room.isPublic;
    clear(invite, canInvite ? h('button', { type: 'button', className: 'secondary', onclick: () => void act(store, async () => {
      const created = await store.api.post<Invite>(`/rooms/${roomId}/invites`, {});
      const link = h('input', { id: 'invite-link', readonly: true, value: new URL('/invite/' + created.code, location.href).href });
      clear(invite, h('label', { for: 'invite-link' }, 'Invite link'), link);
      link.select();
    }) }, 'Create invite link') : null);
    const isAdmin = room.myRole === 'owner' || room.myRole === 'admin';
    const channelName = h('input', { id: 'channel-name', required: true, maxlength: 100 });
    const form = h('form', { className: 'inline-form' }, h('label', { for: 'channel-name' }, 'New channel'), channelName, h('button', { type: 'submit', className: 'secondary' }, 'Add channel'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void act(store, async () => {
        store.upsertConversation(await store.api.post<Conversation>(`/rooms/${roomId}/channels`, { name: channelName.value.trim(), type: 'text' }));
        channelName.value = '';
      });
    });
    const leave = room.myRole && room.myRole !== 'owner' ? h('button', { type: 'button', className: 'danger', onclick: () => void act(store, async () => {
      await store.api.post(`/rooms/${roomId}/leave`);
      await store.loadRooms();
      go('/rooms');
    }) }, 'Leave room') : null;
    clear(admin, isAdmin ? form : null, leave);
    renderChannels();
  });

  const unsubscribe = store.subscribe((change) => { if (change.kind === 'conversations') renderChannels(); if (change.kind === 'rooms') void load(); });
  void load();
  return {
    element: h('section', { className: 'page', 'aria-labelledby': 'page-title' }, title, description,
      h('h3', {}, 'Channels'), channels, admin, invite, h('h3', {}, 'Members'), members),
    dispose: unsubscribe,
  };
}

export function inviteView(store: Store, code: string): HTMLElement {
  const body = h('div', {}, h('p', { className: 'muted' }, 'Loading the invite…'));
  void (async () => {
    try {
      const preview = await store.api.get<{ room: Room; expiresAt?: string | null }>(`/invites/${encodeURIComponent(code)}`);
      clear(body, h('p', {}, 'You are invited to ', h('strong', {}, preview.room.name), ` (${preview.room.memberCount} members).`),
        h('button', { type: 'button', className: 'primary', onclick: () => void act(store, async () => {
          const room = await store.api.post<Room>(`/invites/${encodeURIComponent(code)}/accept`);
          await store.loadRooms();
          await store.loadConversations();
          go('/rooms/' + room.id, true);
        }) }, preview.room.myRole ? 'Open room' : 'Join room'));
    } catch (error) {
      clear(body, h('p', { className: 'error' }, 'This invite cannot be used: ' + describe(error)));
    }
  })();
  return h('section', { className: 'page', 'aria-labelledby': 'page-title' }, h('h2', { id: 'page-title', tabindex: -1 }, 'Invite'), body);
}
