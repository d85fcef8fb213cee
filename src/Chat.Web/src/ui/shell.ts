// The signed-in page: top bar (connection state, navigation), the conversation list, and the current view.
import { describe } from '../api';
import { clear, formatTime, h } from '../dom';
import type { Store } from '../store';
import type { Conversation, Page, Message } from '../types';
import { conversationView, presenceDot } from './conversation';
import { friendsView, newGroupView, profileView } from './people';
import { inviteView, roomView, roomsView } from './rooms';
import { current, go, onRoute, type Route } from './router';

export function shell(store: Store): { element: HTMLElement; dispose(): void } {
  const status = h('p', { className: 'connection', role: 'status', 'aria-live': 'polite' });
  const notice = h('p', { className: 'notice', role: 'status', 'aria-live': 'polite' });
  const navLink = (href: string, label: string, extra: HTMLElement | null = null) =>
    h('a', { href, 'data-route': '', className: 'nav-link' }, label, extra);
  const requestsBadge = h('span', { className: 'badge', hidden: true });
  const nav = h('nav', { className: 'topnav', 'aria-label': 'Main' },
    navLink('/', 'Chats'), navLink('/friends', 'Friends ', requestsBadge), navLink('/rooms', 'Rooms'), navLink('/profile', 'Profile'));
  const topbar = h('header', { className: 'topbar' },
    h('a', { href: '#main', className: 'skip-link' }, 'Skip to content'),
    h('h1', { className: 'brand' }, store.server.name || 'Chat'), nav, status);

  const list = h('ul', { className: 'conversation-list', 'aria-label': 'Conversations' });
  const searchBox = store.has('search') ? searchForm() : null;
  const sidebar = h('aside', { className: 'sidebar', 'aria-label': 'Conversations' },
    h('div', { className: 'sidebar-actions' }, h('h2', { className: 'sidebar-title' }, 'Chats'),
      h('a', { href: '/new-group', 'data-route': '', className: 'secondary button' }, 'New group')),
    searchBox, list);
  const main = h('main', { id: 'main', className: 'main', tabindex: -1 });
  const layout = h('div', { className: 'layout' }, sidebar, main);
  const element = h('div', { className: 'app' }, topbar, notice, layout);

  function searchForm(): HTMLElement {
    const input = h('input', { id: 'message-search', type: 'search', autocomplete: 'off' });
    const form = h('form', { className: 'inline-form', role: 'search' }, h('label', { for: 'message-search', className: 'visually-hidden' }, 'Search messages'), input,
      h('button', { type: 'submit', className: 'secondary' }, 'Search messages'));
    form.addEventListener('submit', (event) => { event.preventDefault(); go('/search?q=' + encodeURIComponent(input.value.trim())); });
    return form;
  }

  const renderList = () => {
    const conversations = store.sortedConversations();
    const route = current();
    clear(list, ...(conversations.length === 0 ? [h('li', { className: 'muted empty' }, 'No conversations yet. Add a friend to start one.')] : conversations.map((c) => {
      const peer = store.peerOf(c);
      const last = c.lastMessage;
      const preview = last ? (last.isDeleted ? 'Message deleted' : `${last.sender?.id === store.me?.id ? 'You: ' : ''}${last.content ?? ''}`) : 'No messages yet';
      const selected = route.name === 'conversation' && route.id === c.id;
      return h('li', {}, h('a', { href: '/c/' + c.id, 'data-route': '', className: 'conversation-item', 'aria-current': selected ? 'page' : false, 'data-conversation': c.id },
        peer ? presenceDot(store, peer.id) : h('span', { className: 'group-icon', 'aria-hidden': 'true' }, '#'),
        h('span', { className: 'item-text' }, h('span', { className: 'item-title' }, store.titleOf(c)), h('span', { className: 'item-preview muted' }, preview)),
        h('span', { className: 'item-side' }, last ? h('time', { className: 'muted small', dateTime: last.createdAt }, formatTime(last.createdAt)) : null,
          c.unreadCount > 0 ? h('span', { className: 'badge unread', 'aria-label': `${c.unreadCount} unread` }, String(c.unreadCount)) : null)));
    })));
    requestsBadge.hidden = store.incoming.length === 0;
    requestsBadge.textContent = String(store.incoming.length);
    requestsBadge.setAttribute('aria-label', `${store.incoming.length} friend requests`);
  };

  const renderStatus = () => {
    status.textContent = store.connection === 'reconnecting' ? 'Reconnecting…' : store.connection === 'connecting' ? 'Connecting…' : '';
    status.dataset.state = store.connection;
  };

  let view: { dispose(): void } | null = null;
  const show = (route: Route) => {
    view?.dispose();
    view = null;
    let content: HTMLElement;
    switch (route.name) {
      case 'conversation': {
        const opened = conversationView(store, route.id);
        view = opened;
        content = opened.element;
        content.addEventListener('left', () => go('/', true));
        if (!store.conversations.has(route.id)) {
          void store.api.get<Conversation>(`/conversations/${route.id}`).then((c) => { store.upsertConversation(c); go(location.pathname, true); })
            .catch((error) => store.say('Cannot open this conversation: ' + describe(error)));
        }
        break;
      }
      case 'friends': { const v = friendsView(store); view = v; content = v.element; break; }
      case 'rooms': { const v = roomsView(store); view = v; content = v.element; break; }
      case 'room': { const v = roomView(store, route.id); view = v; content = v.element; break; }
      case 'invite': content = inviteView(store, route.code); break;
      case 'profile': content = profileView(store); break;
      case 'new-group': content = newGroupView(store); break;
      case 'search': content = searchView(store, route.query); break;
      default:
        content = h('section', { className: 'page empty-state' }, h('h2', { id: 'page-title', tabindex: -1 }, 'Welcome, ' + (store.me?.displayName ?? '')),
          h('p', { className: 'muted' }, 'Pick a conversation, or find friends and rooms to start one.'));
    }
    clear(main, content);
    element.dataset.view = route.name;
    for (const link of nav.querySelectorAll('a')) {
      const href = link.getAttribute('href')!;
      const active = href === '/' ? route.name === 'home' || route.name === 'conversation' : location.pathname.startsWith(href);
      if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
    }
    renderList();
    // Focus the new view's heading so keyboard and screen-reader users land on it.
    (main.querySelector('h2') as HTMLElement | null)?.focus({ preventScroll: true });
  };

  const unsubscribe = store.subscribe((change) => {
    if (change.kind === 'conversations' || change.kind === 'presence' || change.kind === 'friends') renderList();
    if (change.kind === 'connection') renderStatus();
    if (change.kind === 'notice') { notice.textContent = store.notice; window.setTimeout(() => { if (notice.textContent === store.notice) notice.textContent = ''; }, 6000); }
  });
  onRoute((route) => { if (element.isConnected) show(route); });
  renderStatus();
  show(current());
  return { element, dispose() { unsubscribe(); view?.dispose(); } };
}

function searchView(store: Store, query: string): HTMLElement {
  const results = h('ol', { className: 'messages search-results', 'aria-label': 'Search results' });
  void store.api.get<Page<Message>>(`/search/messages?q=${encodeURIComponent(query)}&limit=50`).then((page) => {
    clear(results, ...(page.items.length ? page.items.map((m) => h('li', { className: 'message' },
      h('div', { className: 'meta' }, h('span', { className: 'sender' }, m.sender?.displayName ?? ''), h('time', { className: 'muted', dateTime: m.createdAt }, formatTime(m.createdAt))),
      h('p', { className: 'content' }, m.content ?? ''),
      h('a', { href: '/c/' + m.conversationId, 'data-route': '' }, 'Open conversation'))) : [h('li', { className: 'muted' }, 'No messages found.')]));
  }).catch((error) => store.say(describe(error)));
  return h('section', { className: 'page', 'aria-labelledby': 'page-title' }, h('h2', { id: 'page-title', tabindex: -1 }, `Search: ${query}`), results);
}
