// One conversation: history paged upward without jumps, live messages, edits, tombstones, reactions, replies and threads,
// @mention completion, typing, read ticks (direct conversations) and optimistic sending.
import { describe } from '../api';
import { clear, formatTime, h, richText } from '../dom';
import type { PendingMessage, Store } from '../store';
import type { Attachment, Conversation, Message, Page, RoomMember, UserSummary } from '../types';

const quickReactions = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

export interface ConversationView { element: HTMLElement; dispose(): void }

export function conversationView(store: Store, conversationId: string): ConversationView {
  const conversation = (): Conversation | undefined => store.conversations.get(conversationId);
  const rows = new Map<string, { element: HTMLElement; signature: string }>();
  let editingId: string | null = null;
  let replyTo: Message | null = null;
  let threadRoot: Message | null = null;
  let threadReplies: Message[] = [];

  const title = h('h2', { id: 'conversation-title', tabindex: -1 });
  const presence = h('span', { className: 'presence-label muted' });
  const membersButton = h('button', { type: 'button', className: 'secondary', 'aria-expanded': 'false', 'aria-controls': 'members-panel' }, 'Members');
  const header = h('header', { className: 'conversation-header' },
    h('a', { href: '/', 'data-route': '', className: 'back', 'aria-label': 'Back to conversations' }, '←'),
    h('div', { className: 'conversation-heading' }, title, presence), membersButton);

  const older = h('button', { type: 'button', className: 'link older' }, 'Load older messages');
  const beginning = h('p', { className: 'muted beginning', hidden: true }, 'This is the beginning of the conversation.');
  const list = h('ol', { className: 'messages', 'aria-label': 'Messages' });
  const history = h('div', { className: 'history', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-labelledby': 'conversation-title', tabindex: 0 },
    beginning, older, list);
  const typing = h('p', { className: 'typing muted', 'aria-live': 'polite' });

  // ---- composer ----
  const replyBanner = h('div', { className: 'reply-banner', hidden: true });
  const textarea = h('textarea', { id: 'composer-input', rows: 1, maxlength: 4000, placeholder: 'Write a message…', autocomplete: 'off',
    'aria-autocomplete': 'list', 'aria-controls': 'mention-list' });
  const mentionList = h('ul', { id: 'mention-list', className: 'mention-list', role: 'listbox', 'aria-label': 'People to mention', hidden: true });
  const sendButton = h('button', { type: 'submit', className: 'primary' }, 'Send');
  // Attachments only when the server lists the feature (GET /api/v1/server).
  const staged: Array<{ attachment: Attachment | null; element: HTMLElement }> = [];
  const stagedList = h('ul', { className: 'staged', 'aria-label': 'Files to send' });
  const fileInput = h('input', { type: 'file', id: 'attach-input', className: 'visually-hidden', multiple: true, tabindex: -1, 'aria-label': 'Files to attach' });
  const attachButton = store.has('attachments')
    ? h('button', { type: 'button', className: 'secondary', onclick: () => fileInput.click() }, 'Attach')
    : null;
  const composer = h('form', { className: 'composer', 'aria-label': 'Send a message' },
    replyBanner, stagedList,
    h('label', { for: 'composer-input', className: 'visually-hidden' }, 'Message'),
    h('div', { className: 'composer-row' }, attachButton, textarea, sendButton), attachButton ? fileInput : null, mentionList);

  fileInput.addEventListener('change', () => {
    for (const file of fileInput.files ?? []) {
      const progress = h('progress', { max: 1, value: 0, 'aria-label': `Uploading ${file.name}` });
      const preview = file.type.startsWith('image/') ? h('img', { className: 'thumb', alt: '', src: URL.createObjectURL(file) }) : null;
      const entry: { attachment: Attachment | null; element: HTMLElement } = { attachment: null, element: h('li', {}) };
      const remove = h('button', { type: 'button', className: 'link', 'aria-label': `Remove ${file.name}`, onclick: () => {
        staged.splice(staged.indexOf(entry), 1);
        entry.element.remove();
      } }, 'Remove');
      entry.element.append(...[preview, h('span', {}, file.name), progress, remove].filter((n): n is HTMLElement => n !== null));
      staged.push(entry);
      stagedList.append(entry.element);
      store.api.upload(file, (fraction) => { progress.value = fraction; })
        .then((attachment) => { entry.attachment = attachment; progress.value = 1; })
        .catch((error) => { entry.element.append(h('span', { className: 'error' }, describe(error))); staged.splice(staged.indexOf(entry), 1); });
    }
    fileInput.value = '';
  });

  const thread = h('aside', { className: 'side-panel thread-panel', 'aria-label': 'Thread', hidden: true });
  const members = h('aside', { className: 'side-panel members-panel', id: 'members-panel', 'aria-label': 'Members', hidden: true });

  const element = h('section', { className: 'conversation', 'aria-labelledby': 'conversation-title' },
    h('div', { className: 'conversation-main' }, header, history, typing, composer), thread, members);

  // ---- header, typing ----
  const renderHeader = () => {
    const c = conversation();
    if (!c) return;
    title.textContent = store.titleOf(c);
    const peer = store.peerOf(c);
    presence.textContent = peer ? (store.online.has(peer.id) ? 'online' : 'offline') : c.kind === 'channel' ? (c.topic ?? '') : `${c.participants?.length ?? 0} members`;
    presence.dataset.online = peer && store.online.has(peer.id) ? 'true' : 'false';
    membersButton.hidden = c.kind === 'direct';
    if (c.kind === 'channel' && c.channelType === 'voice') {
      composer.hidden = true;
    }
  };
  const renderTyping = () => {
    const names = store.typers(conversationId);
    typing.textContent = names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
  };

  // ---- messages ----
  const byId = (id: string | null | undefined) => (id ? store.timeline(conversationId).messages.get(id) : undefined);

  const statusOf = (message: Message): HTMLElement | null => {
    const c = conversation();
    if (c?.kind !== 'direct' || message.sender?.id !== store.me?.id || message.isDeleted) return null;
    const status = message.status ?? 'sent';
    const label = status === 'read' ? 'Read' : status === 'delivered' ? 'Delivered' : 'Sent';
    return h('span', { className: 'status', 'data-status': status, title: label },
      h('span', { 'aria-hidden': 'true' }, status === 'sent' ? '✓' : '✓✓'), h('span', { className: 'visually-hidden' }, label));
  };

  const renderMessage = (message: Message): HTMLElement => {
    const mine = message.sender?.id === store.me?.id;
    const item = h('li', { className: 'message' + (mine ? ' mine' : '') + (message.isDeleted ? ' deleted' : ''), 'data-id': message.id, 'data-seq': message.seq });
    const meta = h('div', { className: 'meta' },
      h('span', { className: 'sender' }, message.sender ? message.sender.displayName || message.sender.username : 'Deleted user'),
      h('time', { dateTime: message.createdAt, className: 'muted' }, formatTime(message.createdAt)),
      message.editedAt && !message.isDeleted ? h('span', { className: 'edited muted' }, '(edited)') : null,
      statusOf(message));
    item.append(meta);
    const parent = byId(message.replyToId);
    if (message.replyToId) {
      item.append(h('p', { className: 'quote muted' }, '↪ ', parent ? `${parent.sender?.displayName ?? ''}: ${parent.isDeleted ? 'deleted message' : snippet(parent.content)}` : 'a reply'));
    }
    if (message.isDeleted) {
      item.append(h('p', { className: 'content tombstone' }, 'This message was deleted.'));
      return item;
    }
    if (editingId === message.id) {
      item.append(editor(message));
      return item;
    }
    const content = h('p', { className: 'content' });
    content.append(richText(message.content ?? ''));
    item.append(content);
    if (message.attachments.length > 0) item.append(attachmentsOf(store, message.attachments));
    if (message.reactions.length > 0) {
      item.append(h('div', { className: 'reactions', role: 'group', 'aria-label': 'Reactions' },
        ...message.reactions.map((r) => h('button', { type: 'button', className: 'reaction', 'aria-pressed': r.me ? 'true' : 'false', 'data-emoji': r.emoji,
          'aria-label': `${r.emoji} ${r.count}${r.me ? ', including you' : ''}`, onclick: () => void act(() => store.react(message, r.emoji)) },
          `${r.emoji} ${r.count}`))));
    }
    item.append(actions(message, mine));
    return item;
  };

  const actions = (message: Message, mine: boolean): HTMLElement => {
    const picker = h('div', { className: 'reaction-picker', role: 'group', 'aria-label': 'Pick a reaction', hidden: true },
      ...quickReactions.map((emoji) => h('button', { type: 'button', 'aria-label': 'React with ' + emoji, onclick: () => { picker.hidden = true; void act(() => store.react(message, emoji)); } }, emoji)));
    const react = h('button', { type: 'button', className: 'action', 'aria-expanded': 'false', onclick: () => {
      picker.hidden = !picker.hidden;
      react.setAttribute('aria-expanded', String(!picker.hidden));
      if (!picker.hidden) (picker.firstElementChild as HTMLElement).focus();
    } }, 'React');
    const box = h('div', { className: 'actions' }, react,
      h('button', { type: 'button', className: 'action', onclick: () => startReply(message) }, 'Reply'),
      message.replyCount > 0 || message.threadRootId === null ? h('button', { type: 'button', className: 'action thread-link', onclick: () => void openThread(message) },
        message.replyCount > 0 ? `${message.replyCount} ${message.replyCount === 1 ? 'reply' : 'replies'}` : 'Thread') : null);
    if (mine) {
      box.append(h('button', { type: 'button', className: 'action', onclick: () => { editingId = message.id; render(); list.querySelector<HTMLTextAreaElement>(`[data-id="${message.id}"] textarea`)?.focus(); } }, 'Edit'));
      const remove = h('button', { type: 'button', className: 'action danger', onclick: () => {
        if (remove.dataset.confirm) void act(() => store.remove(message.id));
        else { remove.dataset.confirm = 'yes'; remove.textContent = 'Confirm delete'; }
      } }, 'Delete');
      box.append(remove);
    }
    box.append(picker);
    return box;
  };

  const editor = (message: Message): HTMLElement => {
    const input = h('textarea', { 'aria-label': 'Edit message', maxlength: 4000, rows: 2 });
    input.value = message.content ?? '';
    const form = h('form', { className: 'edit-form' }, input,
      h('div', { className: 'edit-buttons' }, h('button', { type: 'submit', className: 'primary' }, 'Save'),
        h('button', { type: 'button', className: 'secondary', onclick: () => { editingId = null; render(); focusMessage(message.id); } }, 'Cancel')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const content = input.value.trim();
      editingId = null;
      if (content && content !== message.content) void act(() => store.edit(message.id, content));
      render();
      focusMessage(message.id);
    });
    input.addEventListener('keydown', (event) => { if (event.key === 'Escape') { editingId = null; render(); focusMessage(message.id); } });
    return form;
  };

  const renderPending = (pending: PendingMessage): HTMLElement => h('li', { className: 'message mine pending', 'data-client-id': pending.clientMessageId },
    h('div', { className: 'meta' }, h('span', { className: 'sender' }, store.me?.displayName ?? ''),
      h('span', { className: 'muted sending' }, pending.error ? 'Not sent' : 'Sending…')),
    h('p', { className: 'content' }, pending.content),
    pending.error ? h('p', { className: 'error' }, pending.error, ' ',
      h('button', { type: 'button', className: 'link', onclick: () => store.retry(pending.clientMessageId) }, 'Retry'), ' ',
      h('button', { type: 'button', className: 'link', onclick: () => store.discard(pending.clientMessageId) }, 'Discard')) : null);

  const focusMessage = (id: string) => list.querySelector<HTMLElement>(`[data-id="${id}"] .actions button`)?.focus();

  /** Keyed update: only changed rows are rebuilt, and the scroll position is kept relative to what the reader sees. */
  const render = () => {
    const timeline = store.timeline(conversationId);
    older.hidden = !timeline.hasMoreBefore;
    beginning.hidden = timeline.hasMoreBefore;
    const atBottom = history.scrollHeight - history.scrollTop - history.clientHeight < 48;
    const anchor = [...list.children].find((child) => (child as HTMLElement).offsetTop + (child as HTMLElement).offsetHeight > history.scrollTop) as HTMLElement | undefined;
    const anchorTop = anchor?.offsetTop ?? 0;

    const wanted: HTMLElement[] = [];
    const seen = new Set<string>();
    for (const message of store.ordered(conversationId)) {
      const signature = JSON.stringify([message.version, message.status, message.reactions, editingId === message.id, message.replyCount, byId(message.replyToId)?.version]);
      let row = rows.get(message.id);
      if (!row || row.signature !== signature) {
        const next = renderMessage(message);
        if (row && row.element.contains(document.activeElement) && editingId !== message.id) {
          row.element.replaceWith(next);
          next.querySelector<HTMLElement>('.actions button')?.focus();
        }
        row = { element: next, signature };
        rows.set(message.id, row);
      }
      seen.add(message.id);
      wanted.push(row.element);
    }
    for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
    for (const pending of store.pendingIn(conversationId)) wanted.push(renderPending(pending));

    wanted.forEach((row, index) => {
      if (list.children[index] !== row) list.insertBefore(row, list.children[index] ?? null);
    });
    while (list.children.length > wanted.length) list.lastElementChild!.remove();

    if (atBottom) history.scrollTop = history.scrollHeight;
    else if (anchor && anchor.isConnected) history.scrollTop += anchor.offsetTop - anchorTop;
    renderThread();
  };

  const loadOlder = async () => {
    try {
      await store.loadOlder(conversationId);
    } catch (error) {
      store.say('Could not load messages: ' + describe(error));
    }
  };
  older.addEventListener('click', () => void loadOlder());
  history.addEventListener('scroll', () => { if (history.scrollTop < 80) void loadOlder(); });

  // ---- replies and threads ----
  const startReply = (message: Message) => {
    replyTo = message;
    clear(replyBanner, 'Replying to ', h('strong', {}, message.sender?.displayName ?? ''), ': ', snippet(message.content),
      h('button', { type: 'button', className: 'link', 'aria-label': 'Cancel reply', onclick: () => { replyTo = null; replyBanner.hidden = true; textarea.focus(); } }, 'Cancel'));
    replyBanner.hidden = false;
    textarea.focus();
  };

  const openThread = async (message: Message) => {
    threadRoot = message;
    thread.hidden = false;
    try {
      threadReplies = (await store.api.get<Page<Message>>(`/messages/${message.id}/thread?limit=100`)).items;
    } catch (error) {
      store.say('Could not load the thread: ' + describe(error));
    }
    renderThread();
    thread.querySelector<HTMLElement>('h3')?.focus();
  };

  const threadInput = h('textarea', { id: 'thread-input', rows: 1, maxlength: 4000 });
  const threadForm = h('form', { className: 'composer' },
    h('label', { for: 'thread-input', className: 'visually-hidden' }, 'Reply in thread'),
    h('div', { className: 'composer-row' }, threadInput, h('button', { type: 'submit', className: 'primary' }, 'Reply')));
  threadForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const content = threadInput.value.trim();
    if (!content || !threadRoot) return;
    store.send(conversationId, content, threadRoot.id);
    threadInput.value = '';
  });

  const renderThread = () => {
    if (!threadRoot || thread.hidden) return;
    const root = byId(threadRoot.id) ?? threadRoot;
    const replies = new Map(threadReplies.map((m) => [m.id, m]));
    for (const message of store.timeline(conversationId).messages.values()) {
      if (message.threadRootId === root.id && message.id !== root.id) replies.set(message.id, message);
    }
    clear(thread,
      h('div', { className: 'panel-header' }, h('h3', { tabindex: -1 }, 'Thread'),
        h('button', { type: 'button', className: 'secondary', onclick: () => { thread.hidden = true; threadRoot = null; textarea.focus(); } }, 'Close thread')),
      h('ol', { className: 'messages' }, renderMessage(root), ...[...replies.values()].sort((a, b) => a.seq - b.seq).map((m) => {
        const row = renderMessage(m);
        row.querySelector('.actions')?.remove();
        return row;
      })),
      threadForm);
    thread.querySelector('ol > li .actions')?.remove();
  };

  // ---- members (groups and channels) ----
  membersButton.addEventListener('click', () => {
    members.hidden = !members.hidden;
    membersButton.setAttribute('aria-expanded', String(!members.hidden));
    if (!members.hidden) void renderMembers();
  });

  const renderMembers = async () => {
    const c = conversation();
    if (!c) return;
    if (c.kind === 'channel' && c.roomId) {
      const page = await store.api.get<Page<RoomMember>>(`/rooms/${c.roomId}/members?limit=100`);
      clear(members, h('h3', {}, 'Members'), h('ul', { className: 'people' },
        ...page.items.map((m) => h('li', {}, presenceDot(store, m.user.id), m.user.displayName, ' ', h('span', { className: 'role muted' }, m.role)))));
      return;
    }
    const participants = c.participants ?? [];
    const isOwner = participants.some((p) => p.id === store.me?.id && p.role === 'owner');
    const candidates = store.friends.filter((f) => !participants.some((p) => p.id === f.user.id));
    const select = h('select', { id: 'add-member-select' }, ...candidates.map((f) => h('option', { value: f.user.id }, f.user.displayName)));
    const addForm = h('form', { className: 'inline-form' }, h('label', { for: 'add-member-select' }, 'Add a friend'), select,
      h('button', { type: 'submit', className: 'secondary' }, 'Add'));
    addForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (select.value) void act(async () => { store.upsertConversation(await store.api.post<Conversation>(`/conversations/${c.id}/members`, { userIds: [select.value] })); await renderMembers(); });
    });
    clear(members, h('h3', {}, 'Members'),
      h('ul', { className: 'people' }, ...participants.map((p) => h('li', {}, presenceDot(store, p.id), p.displayName || p.username, ' ', h('span', { className: 'role muted' }, p.role)))),
      isOwner && candidates.length > 0 ? addForm : null,
      h('button', { type: 'button', className: 'danger', onclick: () => void act(async () => {
        await store.api.delete(`/conversations/${c.id}/members/${store.me!.id}`);
        store.conversations.delete(c.id);
        store.emit({ kind: 'conversations' });
        history.dispatchEvent(new CustomEvent('left', { bubbles: true }));
      }) }, 'Leave group'));
  };

  // ---- sending, typing, mentions ----
  let typingIdle: number | undefined;
  const send = () => {
    const content = textarea.value.trim();
    if (staged.some((entry) => entry.attachment === null)) { store.say('Wait until the files are uploaded.'); return; }
    const attachmentIds = staged.map((entry) => entry.attachment!.id);
    if (!content && attachmentIds.length === 0) return;
    store.send(conversationId, content, replyTo?.id ?? null, attachmentIds);
    staged.length = 0;
    stagedList.replaceChildren();
    textarea.value = '';
    replyTo = null;
    replyBanner.hidden = true;
    window.clearTimeout(typingIdle);
    store.setTyping(conversationId, false);
    closeMentions();
    history.scrollTop = history.scrollHeight;
  };
  composer.addEventListener('submit', (event) => { event.preventDefault(); send(); });

  let mentionOptions: UserSummary[] = [];
  let mentionIndex = 0;
  let mentionQuery = '';
  const closeMentions = () => {
    mentionList.hidden = true;
    mentionOptions = [];
    textarea.removeAttribute('aria-activedescendant');
  };
  const showMentions = () => {
    clear(mentionList, ...mentionOptions.map((user, index) => h('li', { id: `mention-${index}`, role: 'option', 'aria-selected': index === mentionIndex ? 'true' : 'false',
      onmousedown: (event: Event) => { event.preventDefault(); pickMention(user); } }, user.displayName, ' ', h('span', { className: 'muted' }, '@' + user.username))));
    mentionList.hidden = mentionOptions.length === 0;
    if (mentionOptions.length > 0) textarea.setAttribute('aria-activedescendant', `mention-${mentionIndex}`);
  };
  const pickMention = (user: UserSummary) => {
    const caret = textarea.selectionStart;
    const before = textarea.value.slice(0, caret).replace(/@([\w.-]*)$/, '@' + user.username + ' ');
    textarea.value = before + textarea.value.slice(caret);
    textarea.selectionStart = textarea.selectionEnd = before.length;
    closeMentions();
    textarea.focus();
  };
  const updateMentions = async () => {
    const match = /(?:^|\s)@([\w.-]*)$/.exec(textarea.value.slice(0, textarea.selectionStart));
    if (!match) { closeMentions(); return; }
    const query = match[1].toLowerCase();
    mentionQuery = query;
    const c = conversation();
    let candidates: UserSummary[];
    if (c?.kind === 'channel' && c.roomId) {
      const page = await store.api.get<Page<RoomMember>>(`/rooms/${c.roomId}/members?limit=8&search=${encodeURIComponent(query)}`).catch(() => ({ items: [] as RoomMember[] }));
      if (mentionQuery !== query) return;
      candidates = page.items.map((m) => m.user);
    } else {
      candidates = (c?.participants ?? []).filter((p) => p.username.toLowerCase().startsWith(query) || p.displayName.toLowerCase().startsWith(query));
    }
    mentionOptions = candidates.filter((u) => u.id !== store.me?.id).slice(0, 8);
    mentionIndex = 0;
    showMentions();
  };

  textarea.addEventListener('input', () => {
    if (textarea.value.trim()) {
      store.setTyping(conversationId, true);
      window.clearTimeout(typingIdle);
      typingIdle = window.setTimeout(() => store.setTyping(conversationId, false), 4000);
    }
    void updateMentions();
  });
  textarea.addEventListener('keydown', (event) => {
    if (mentionOptions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        mentionIndex = (mentionIndex + (event.key === 'ArrowDown' ? 1 : mentionOptions.length - 1)) % mentionOptions.length;
        showMentions();
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') { event.preventDefault(); pickMention(mentionOptions[mentionIndex]); return; }
      if (event.key === 'Escape') { event.preventDefault(); closeMentions(); return; }
    }
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); send(); }
  });

  // ---- wiring ----
  const act = async (work: () => Promise<unknown>) => {
    try { await work(); } catch (error) { store.say(describe(error)); }
  };

  const unsubscribe = store.subscribe((change) => {
    if (change.kind === 'timeline' && change.conversationId === conversationId) render();
    else if (change.kind === 'typing' && change.conversationId === conversationId) renderTyping();
    else if (change.kind === 'presence' || (change.kind === 'conversations' && change.conversationId === conversationId)) renderHeader();
  });
  const onVisible = () => store.markOpenRead();
  document.addEventListener('visibilitychange', onVisible);

  store.openConversationId = conversationId;
  renderHeader();
  render();
  const timeline = store.timeline(conversationId);
  void (timeline.messages.size === 0 ? loadOlder() : Promise.resolve()).then(() => {
    history.scrollTop = history.scrollHeight;
    store.markOpenRead();
  });

  return {
    element,
    dispose() {
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisible);
      if (store.openConversationId === conversationId) store.openConversationId = null;
      window.clearTimeout(typingIdle);
    },
  };
}

/** Images as previews, other files as download buttons; the bytes come with the bearer token as blob: URLs. */
function attachmentsOf(store: Store, attachments: Attachment[]): HTMLElement {
  return h('ul', { className: 'attachments', 'aria-label': 'Attachments' }, ...attachments.map((attachment) => {
    if (attachment.contentType.startsWith('image/')) {
      const image = h('img', { className: 'preview', alt: attachment.fileName, width: attachment.width ?? false, height: attachment.height ?? false });
      void store.api.blobUrl(attachment.url).then((url) => { image.src = url; }).catch(() => { image.alt = attachment.fileName + ' (unavailable)'; });
      return h('li', {}, image);
    }
    return h('li', {}, h('button', { type: 'button', className: 'secondary', onclick: () => void store.api.blobUrl(attachment.url).then((url) => {
      const link = h('a', { href: url, download: attachment.fileName });
      link.click();
    }).catch((error) => store.say(describe(error))) }, `⬇ ${attachment.fileName} (${Math.max(1, Math.round(attachment.size / 1024))} KB)`));
  }));
}

export function presenceDot(store: Store, userId: string): HTMLElement {
  const online = store.online.has(userId);
  return h('span', { className: 'presence' + (online ? ' online' : ''), 'data-user': userId, role: 'img', 'aria-label': online ? 'online' : 'offline' });
}

function snippet(content: string | null | undefined): string {
  const text = (content ?? '').replace(/\s+/g, ' ');
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
}
