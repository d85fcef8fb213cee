// The client's state and the rules that keep it right: every change is applied once (per-message versions), a gap in a
// conversation's version or a reconnect catches up over REST (rest.md "Catching up"), and sending is optimistic and
// idempotent (one clientMessageId per message until the server acknowledges it).
import { Api, ApiError, describe } from './api';
import { RealtimeSocket, type SocketState } from './socket';
import type {
  ChangesPage, Conversation, Frame, Friend, FriendRequest, HistoryPage, Message, Page, Room, ServerInfo, UserProfile, UserSummary,
} from './types';

export interface PendingMessage {
  clientMessageId: string; conversationId: string; content: string; replyToId: string | null; attachmentIds: string[];
  createdAt: string; lastTry: number; error: string | null;
}

export interface Timeline { messages: Map<string, Message>; hasMoreBefore: boolean; loading: boolean }

export type ChangeKind = 'session' | 'conversations' | 'timeline' | 'typing' | 'presence' | 'friends' | 'rooms' | 'connection' | 'notice';
export interface Change { kind: ChangeKind; conversationId?: string; messageId?: string }

const historyPage = 50;
const typingLifetimeMs = 8000;
const resendAfterMs = 6000;

export class Store {
  readonly api = new Api();
  readonly socket: RealtimeSocket;
  me: UserProfile | null = null;
  server: ServerInfo = { name: 'Chat', version: '', features: [] };
  connection: SocketState = 'closed';
  notice = '';
  readonly conversations = new Map<string, Conversation>();
  readonly timelines = new Map<string, Timeline>();
  readonly pending = new Map<string, PendingMessage>();
  readonly users = new Map<string, UserSummary>();
  readonly online = new Set<string>();
  readonly typing = new Map<string, Map<string, number>>();
  friends: Friend[] = [];
  incoming: FriendRequest[] = [];
  outgoing: FriendRequest[] = [];
  blocks: UserSummary[] = [];
  readonly rooms = new Map<string, Room>();
  /** The conversation on screen; its new messages are marked read while the page is visible. */
  openConversationId: string | null = null;
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly catchingUp = new Map<string, Promise<void>>();
  private retryTimer: number | undefined;

  constructor() {
    this.socket = new RealtimeSocket(this.api, {
      frame: (frame) => this.onFrame(frame),
      connected: () => void this.catchUpAll(),
      state: (state) => { this.connection = state; this.emit({ kind: 'connection' }); },
      sessionEnded: () => { this.say('Your session ended. Please sign in again.'); this.api.end(); },
    });
    this.api.onSession((user) => void this.onSession(user));
  }

  has(feature: string): boolean { return this.server.features.includes(feature); }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change): void { for (const listener of this.listeners) listener(change); }

  say(notice: string): void { this.notice = notice; this.emit({ kind: 'notice' }); }

  async loadServer(): Promise<void> {
    try { this.server = await this.api.get<ServerInfo>('/server'); } catch { /* an older server: no optional features */ }
  }

  private async onSession(user: UserProfile | null): Promise<void> {
    const wasSignedIn = this.me !== null;
    this.me = user;
    if (!user) {
      this.socket.stop();
      window.clearInterval(this.retryTimer);
      this.conversations.clear(); this.timelines.clear(); this.pending.clear(); this.rooms.clear(); this.online.clear();
      this.friends = []; this.incoming = []; this.outgoing = []; this.blocks = [];
      this.emit({ kind: 'session' });
      return;
    }
    this.remember(user);
    if (wasSignedIn) {
      // A token refresh, not a new sign-in: move the open socket onto the new token before the old one expires.
      this.socket.reauthenticate();
      return;
    }
    this.emit({ kind: 'session' });
    await Promise.all([this.loadConversations(), this.loadFriends(), this.loadRooms()]);
    this.socket.start();
    this.retryTimer = window.setInterval(() => this.resendPending(), 2000);
  }

  remember(user: UserSummary | null | undefined): void {
    if (user) this.users.set(user.id, { ...(this.users.get(user.id) ?? {}), ...user });
  }

  nameOf(userId: string): string {
    const user = this.users.get(userId);
    return user ? user.displayName || user.username : 'Someone';
  }

  // ---- conversations -------------------------------------------------------------------------------------------

  async loadConversations(): Promise<Conversation[]> {
    const [mine, channels] = await Promise.all([
      this.api.get<Page<Conversation>>('/conversations?limit=100'),
      this.api.get<Page<Conversation>>('/conversations?kind=channel&limit=100'),
    ]);
    const all = [...mine.items, ...channels.items];
    for (const conversation of all) this.upsertConversation(conversation, false);
    this.emit({ kind: 'conversations' });
    return all;
  }

  /** Keeps the local `version` (what this client applied) when the server's copy is newer: catch-up moves it. */
  upsertConversation(incoming: Conversation, notify = true): void {
    const known = this.conversations.get(incoming.id);
    for (const participant of incoming.participants ?? []) this.remember(participant);
    if (incoming.lastMessage) this.remember(incoming.lastMessage.sender);
    this.conversations.set(incoming.id, known ? { ...incoming, version: known.version, participants: incoming.participants ?? known.participants } : incoming);
    if (notify) this.emit({ kind: 'conversations', conversationId: incoming.id });
  }

  /** Direct and group conversations, newest activity first. */
  sortedConversations(kind?: 'channel'): Conversation[] {
    return [...this.conversations.values()]
      .filter((c) => (kind === 'channel' ? c.kind === 'channel' : c.kind !== 'channel'))
      .sort((a, b) => activity(b).localeCompare(activity(a)));
  }

  titleOf(conversation: Conversation): string {
    if (conversation.title) return conversation.kind === 'channel' ? '#' + conversation.title : conversation.title;
    const others = (conversation.participants ?? []).filter((p) => p.id !== this.me?.id);
    return others.map((p) => p.displayName || p.username).join(', ') || 'Just you';
  }

  /** The other user of a direct conversation. */
  peerOf(conversation: Conversation): UserSummary | undefined {
    return conversation.kind === 'direct' ? conversation.participants?.find((p) => p.id !== this.me?.id) : undefined;
  }

  async openDirect(userId: string): Promise<Conversation> {
    const conversation = await this.api.post<Conversation>('/conversations/direct', { userId });
    this.upsertConversation(conversation);
    return this.conversations.get(conversation.id)!;
  }

  // ---- history and catching up ---------------------------------------------------------------------------------

  timeline(conversationId: string): Timeline {
    let timeline = this.timelines.get(conversationId);
    if (!timeline) {
      timeline = { messages: new Map(), hasMoreBefore: true, loading: false };
      this.timelines.set(conversationId, timeline);
    }
    return timeline;
  }

  /** Messages in seq order (tombstones included). */
  ordered(conversationId: string): Message[] {
    return [...this.timeline(conversationId).messages.values()].sort((a, b) => a.seq - b.seq);
  }

  pendingIn(conversationId: string): PendingMessage[] {
    return [...this.pending.values()].filter((p) => p.conversationId === conversationId);
  }

  /** The newest page (first open) or the page before the oldest loaded message (keyset on seq). */
  async loadOlder(conversationId: string): Promise<number> {
    const timeline = this.timeline(conversationId);
    if (timeline.loading || !timeline.hasMoreBefore) return 0;
    timeline.loading = true;
    try {
      const oldest = this.ordered(conversationId)[0];
      const query = `/conversations/${conversationId}/messages?limit=${historyPage}&includeDeleted=true` + (oldest ? `&before=${oldest.seq}` : '');
      const page = await this.api.get<HistoryPage>(query);
      for (const message of page.items) this.applyMessage(message, false);
      timeline.hasMoreBefore = page.hasMoreBefore;
      this.emit({ kind: 'timeline', conversationId });
      return page.items.length;
    } finally {
      timeline.loading = false;
    }
  }

  get loadedConversations(): string[] { return [...this.timelines.keys()]; }

  /** After (re)connecting: every conversation whose version moved pages through /changes from what this client applied. */
  async catchUpAll(): Promise<void> {
    const before = new Map([...this.conversations].map(([id, c]) => [id, c.version]));
    try {
      const fresh = await this.loadConversations();
      await Promise.all(fresh
        .filter((c) => before.has(c.id) && c.version > (before.get(c.id) ?? 0))
        .map((c) => this.catchUp(c.id)));
      await Promise.all([this.loadFriends(), this.loadRooms()]);
      this.resendPending(true);
      this.markOpenRead();
    } catch (error) {
      this.say('Could not catch up: ' + describe(error));
    }
  }

  /** Pages /changes?since= for one conversation; concurrent requests for the same one share the run. */
  catchUp(conversationId: string): Promise<void> {
    const running = this.catchingUp.get(conversationId);
    if (running) return running;
    const run = (async () => {
      const conversation = this.conversations.get(conversationId);
      if (!conversation) return;
      let since = conversation.version;
      for (let pages = 0; pages < 1000; pages++) {
        const page = await this.api.get<ChangesPage>(`/conversations/${conversationId}/changes?since=${since}&limit=100`);
        for (const message of page.items) this.applyMessage(message, false);
        since = Math.max(since, page.version);
        const current = this.conversations.get(conversationId);
        if (current) current.version = Math.max(current.version, since);
        if (!page.hasMore) break;
      }
      this.emit({ kind: 'timeline', conversationId });
      this.emit({ kind: 'conversations', conversationId });
    })().finally(() => this.catchingUp.delete(conversationId));
    this.catchingUp.set(conversationId, run);
    return run;
  }

  /**
   * Applies one message state: kept only when at least as new (its `version`) as the copy held, so replays from /changes
   * and late events change nothing. Also settles a pending send with the same clientMessageId.
   */
  applyMessage(message: Message, notify = true): void {
    this.remember(message.sender);
    if (message.clientMessageId && message.sender?.id === this.me?.id) this.pending.delete(message.clientMessageId);
    const timeline = this.timelines.get(message.conversationId);
    if (timeline) {
      const held = timeline.messages.get(message.id);
      if (!held || message.version >= held.version) {
        // A status learned from receipts is kept if the stored copy says less.
        const status = strongerStatus(held?.status, message.status);
        timeline.messages.set(message.id, { ...message, status });
      }
    }
    const conversation = this.conversations.get(message.conversationId);
    if (conversation && (!conversation.lastMessage || message.seq >= conversation.lastMessage.seq)) {
      conversation.lastMessage = message;
      conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
      conversation.updatedAt = message.createdAt > conversation.updatedAt ? message.createdAt : conversation.updatedAt;
    }
    if (notify) {
      this.emit({ kind: 'timeline', conversationId: message.conversationId, messageId: message.id });
      this.emit({ kind: 'conversations', conversationId: message.conversationId });
    }
  }

  /** Tracks the conversation's applied version; a jump of more than one means an event was missed: catch up. */
  private advance(conversationId: string, version: number): boolean {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) {
      void this.catchUpAll();
      return false;
    }
    if (version > conversation.version + 1) {
      void this.catchUp(conversationId);
      return false;
    }
    conversation.version = Math.max(conversation.version, version);
    return true;
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  /** Shows the message at once as "sending" and sends it with a new clientMessageId, kept until the server answers. */
  send(conversationId: string, content: string, replyToId: string | null = null, attachmentIds: string[] = []): void {
    const clientMessageId = crypto.randomUUID();
    this.pending.set(clientMessageId, { clientMessageId, conversationId, content, replyToId, attachmentIds, createdAt: new Date().toISOString(), lastTry: 0, error: null });
    this.emit({ kind: 'timeline', conversationId });
    this.transmit(clientMessageId);
  }

  retry(clientMessageId: string): void {
    const pending = this.pending.get(clientMessageId);
    if (!pending) return;
    pending.error = null;
    this.emit({ kind: 'timeline', conversationId: pending.conversationId });
    this.transmit(clientMessageId);
  }

  discard(clientMessageId: string): void {
    const pending = this.pending.get(clientMessageId);
    this.pending.delete(clientMessageId);
    if (pending) this.emit({ kind: 'timeline', conversationId: pending.conversationId });
  }

  /** Over the socket when it is open (answered by message_sent), else over REST; the same clientMessageId every time. */
  private transmit(clientMessageId: string): void {
    const pending = this.pending.get(clientMessageId);
    if (!pending || pending.error) return;
    pending.lastTry = Date.now();
    const { conversationId, content, replyToId, attachmentIds } = pending;
    const frame: Frame = { type: 'send_message', ref: clientMessageId, conversationId, content, clientMessageId };
    if (replyToId) frame.replyToId = replyToId;
    if (attachmentIds.length > 0) frame.attachmentIds = attachmentIds;
    if (this.socket.send(frame)) return;
    this.api.post<Message>(`/conversations/${conversationId}/messages`, {
      content: content || undefined, clientMessageId, replyToId: replyToId ?? undefined, attachmentIds: attachmentIds.length > 0 ? attachmentIds : undefined,
    })
      .then((message) => this.acknowledged(message))
      .catch((error) => this.sendFailed(clientMessageId, error));
  }

  private acknowledged(message: Message): void {
    this.applyMessage(message);
    this.advance(message.conversationId, message.version);
  }

  private sendFailed(clientMessageId: string, error: unknown): void {
    const pending = this.pending.get(clientMessageId);
    if (!pending) return;
    // Not reached, throttled or a server hiccup: the resend loop tries again with the same id. Anything else is final.
    const transient = error instanceof ApiError && (error.status === 0 || error.status === 429 || error.status >= 500);
    if (!transient) {
      pending.error = describe(error);
      this.emit({ kind: 'timeline', conversationId: pending.conversationId });
    }
  }

  /** Resends what is still unacknowledged after a while (or at once after a reconnect). */
  private resendPending(now = false): void {
    for (const pending of this.pending.values()) {
      if (!pending.error && (now || Date.now() - pending.lastTry > resendAfterMs)) this.transmit(pending.clientMessageId);
    }
  }

  async edit(messageId: string, content: string): Promise<void> {
    this.acknowledged(await this.api.patch<Message>(`/messages/${messageId}`, { content }));
  }

  async remove(messageId: string): Promise<void> {
    await this.api.delete(`/messages/${messageId}`);
  }

  async react(message: Message, emoji: string): Promise<void> {
    const mine = message.reactions.find((r) => r.emoji === emoji)?.me;
    if (mine) await this.api.delete(`/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`);
    else await this.api.post(`/messages/${message.id}/reactions`, { emoji });
  }

  typingSentAt = 0;

  /** Tells the others this user is typing, at most every 3 s; `false` when the text was sent or cleared. */
  setTyping(conversationId: string, isTyping: boolean): void {
    if (isTyping && Date.now() - this.typingSentAt < 3000) return;
    this.typingSentAt = isTyping ? Date.now() : 0;
    this.socket.send({ type: 'typing', conversationId, isTyping });
  }

  typers(conversationId: string): string[] {
    const now = Date.now();
    return [...(this.typing.get(conversationId) ?? new Map<string, number>())]
      .filter(([, until]) => until > now).map(([userId]) => this.nameOf(userId));
  }

  /** Marks the open conversation read up to its last message while the page is visible. */
  markOpenRead(): void {
    const conversation = this.openConversationId ? this.conversations.get(this.openConversationId) : undefined;
    if (!conversation || document.visibilityState !== 'visible') return;
    const last = this.ordered(conversation.id).at(-1)?.seq ?? conversation.lastSeq;
    if (last <= conversation.lastReadSeq && conversation.unreadCount === 0) return;
    conversation.lastReadSeq = Math.max(conversation.lastReadSeq, last);
    conversation.unreadCount = 0;
    this.emit({ kind: 'conversations', conversationId: conversation.id });
    if (!this.socket.send({ type: 'mark_read', conversationId: conversation.id, seq: last })) {
      void this.api.post(`/conversations/${conversation.id}/read`, { seq: last }).catch(() => undefined);
    }
  }

  // ---- friends and rooms ---------------------------------------------------------------------------------------

  async loadFriends(): Promise<void> {
    const [friends, incoming, outgoing, blocks] = await Promise.all([
      this.api.get<Page<Friend>>('/friends?limit=100'),
      this.api.get<Page<FriendRequest>>('/friends/requests?direction=incoming&limit=100'),
      this.api.get<Page<FriendRequest>>('/friends/requests?direction=outgoing&limit=100'),
      this.api.get<Page<UserSummary>>('/blocks?limit=100'),
    ]);
    this.friends = friends.items; this.incoming = incoming.items; this.outgoing = outgoing.items; this.blocks = blocks.items;
    for (const friend of this.friends) {
      this.remember(friend.user);
      if (friend.isOnline) this.online.add(friend.user.id); else this.online.delete(friend.user.id);
    }
    this.emit({ kind: 'friends' });
    this.emit({ kind: 'presence' });
  }

  async loadRooms(): Promise<void> {
    const rooms = await this.api.get<Page<Room>>('/rooms?limit=100');
    this.rooms.clear();
    for (const room of rooms.items) this.rooms.set(room.id, room);
    this.emit({ kind: 'rooms' });
  }

  channelsOf(roomId: string): Conversation[] {
    return [...this.conversations.values()].filter((c) => c.roomId === roomId)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id.localeCompare(b.id));
  }

  // ---- live events ---------------------------------------------------------------------------------------------

  private onFrame(frame: Frame): void {
    const f = frame as Frame & Record<string, any>;
    switch (f.type) {
      case 'message_sent':
        this.acknowledged(f.message as Message);
        break;
      case 'new_message':
      case 'message_edited': {
        const message = f.message as Message;
        if (!this.conversations.has(message.conversationId)) { void this.catchUpAll(); break; }
        if (!this.advance(message.conversationId, message.version)) break;
        const conversation = this.conversations.get(message.conversationId)!;
        if (f.type === 'new_message' && message.sender?.id !== this.me?.id && message.seq > conversation.lastReadSeq) {
          conversation.unreadCount += 1;
          this.typing.get(message.conversationId)?.delete(message.sender?.id ?? '');
        }
        this.applyMessage(message);
        if (f.type === 'new_message' && message.conversationId === this.openConversationId) this.markOpenRead();
        this.emit({ kind: 'typing', conversationId: message.conversationId });
        break;
      }
      case 'message_deleted': {
        if (!this.advance(f.conversationId, f.version)) break;
        const held = this.timelines.get(f.conversationId)?.messages.get(f.messageId);
        if (held && f.version > held.version) {
          this.applyMessage({ ...held, version: f.version, content: null, attachments: [], reactions: [], isDeleted: true, deletedAt: new Date().toISOString() });
        }
        const conversation = this.conversations.get(f.conversationId);
        const last = conversation?.lastMessage;
        if (conversation && last && last.id === f.messageId) {
          conversation.lastMessage = { ...last, content: null, isDeleted: true };
          this.emit({ kind: 'conversations', conversationId: f.conversationId });
        }
        break;
      }
      case 'reaction_added':
      case 'reaction_removed': {
        if (!this.advance(f.conversationId, f.version)) break;
        const held = this.timelines.get(f.conversationId)?.messages.get(f.messageId);
        if (!held || f.version <= held.version) break;
        const added = f.type === 'reaction_added';
        const mine = f.userId === this.me?.id;
        const reactions = held.reactions.map((r) => ({ ...r }));
        let reaction = reactions.find((r) => r.emoji === f.emoji);
        if (!reaction && added) { reaction = { emoji: f.emoji, count: 0, me: false }; reactions.push(reaction); }
        if (reaction) {
          reaction.count += added ? 1 : -1;
          if (mine) reaction.me = added;
        }
        this.applyMessage({ ...held, version: f.version, reactions: reactions.filter((r) => r.count > 0) });
        break;
      }
      case 'message_read':
      case 'message_delivered':
        this.onReceipt(f.conversationId, f.userId, f.seq, f.type === 'message_read' ? 'read' : 'delivered');
        break;
      case 'typing': {
        const typers = this.typing.get(f.conversationId) ?? new Map<string, number>();
        if (f.isTyping) typers.set(f.userId, Date.now() + typingLifetimeMs); else typers.delete(f.userId);
        this.typing.set(f.conversationId, typers);
        this.emit({ kind: 'typing', conversationId: f.conversationId });
        window.setTimeout(() => this.emit({ kind: 'typing', conversationId: f.conversationId }), typingLifetimeMs + 100);
        break;
      }
      case 'online_friends':
        this.online.clear();
        for (const id of f.friends as string[]) this.online.add(id);
        this.emit({ kind: 'presence' });
        break;
      case 'presence':
        if (f.isOnline) this.online.add(f.userId); else this.online.delete(f.userId);
        this.emit({ kind: 'presence' });
        break;
      case 'friend_request':
      case 'friend_request_accepted':
      case 'friend_removed':
        void this.loadFriends();
        break;
      case 'conversation_created':
      case 'conversation_updated':
        this.upsertConversation(f.conversation as Conversation);
        break;
      case 'member_joined':
      case 'member_left':
      case 'room_updated':
      case 'room_deleted':
      case 'channel_created':
      case 'channel_updated':
      case 'channel_deleted':
        void this.loadRooms().then(() => this.loadConversations());
        break;
      case 'error':
        this.onSocketError(f);
        break;
      default:
        break;
    }
  }

  private onReceipt(conversationId: string, userId: string, seq: number, status: 'read' | 'delivered'): void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    if (userId === this.me?.id) {
      // This user read it on another device.
      if (status === 'read' && seq > conversation.lastReadSeq) {
        conversation.lastReadSeq = seq;
        conversation.unreadCount = 0;
        this.emit({ kind: 'conversations', conversationId });
      }
      return;
    }
    const timeline = this.timelines.get(conversationId);
    if (!timeline) return;
    for (const [id, message] of timeline.messages) {
      if (message.sender?.id === this.me?.id && message.seq <= seq) {
        const next = strongerStatus(message.status, status);
        if (next !== message.status) timeline.messages.set(id, { ...message, status: next });
      }
    }
    this.emit({ kind: 'timeline', conversationId });
  }

  private onSocketError(f: Record<string, any>): void {
    const pending = typeof f.ref === 'string' ? this.pending.get(f.ref) : undefined;
    if (pending) {
      if (f.code !== 'rate_limited') {
        pending.error = String(f.message ?? f.code);
        this.emit({ kind: 'timeline', conversationId: pending.conversationId });
      }
      return;
    }
    this.say(String(f.message ?? f.code));
  }
}

const rank = { sent: 0, delivered: 1, read: 2 } as const;

function strongerStatus(a: Message['status'], b: Message['status']): Message['status'] {
  if (!a) return b;
  if (!b) return a;
  return rank[a] >= rank[b] ? a : b;
}

function activity(conversation: Conversation): string {
  return conversation.lastMessage?.createdAt ?? conversation.updatedAt ?? conversation.createdAt;
}
