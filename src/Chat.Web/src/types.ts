// Shapes of docs/api/rest.md "Shapes" and the realtime events the client uses.

export interface UserSummary { id: string; username: string; displayName: string; avatarUrl?: string | null }
export interface UserProfile extends UserSummary { bio?: string | null; createdAt: string; isOnline?: boolean | null; lastSeenAt?: string | null }
export interface TokenPair { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number; user: UserProfile }
export interface Friend { user: UserSummary; since: string; isOnline: boolean; lastSeenAt?: string | null }
export interface FriendRequest { id: string; from: UserSummary; to: UserSummary; createdAt: string }
export interface Participant extends UserSummary { role: string }
export interface Reaction { emoji: string; count: number; me: boolean }
export interface Attachment { id: string; fileName: string; contentType: string; size: number; url: string; width?: number | null; height?: number | null }
export type MessageStatus = 'sent' | 'delivered' | 'read';

export interface Message {
  id: string; conversationId: string; seq: number; version: number; sender: UserSummary | null; content: string | null;
  clientMessageId?: string | null; replyToId?: string | null; threadRootId?: string | null; replyCount: number;
  attachments: Attachment[]; reactions: Reaction[]; mentions: string[]; createdAt: string; editedAt?: string | null;
  deletedAt?: string | null; isDeleted: boolean; status?: MessageStatus | null;
}

export interface Conversation {
  id: string; kind: 'direct' | 'group' | 'channel'; title?: string | null; roomId?: string | null; channelType?: 'text' | 'voice' | null;
  topic?: string | null; position?: number | null; participants?: Participant[] | null; lastMessage?: Message | null;
  lastSeq: number; version: number; lastReadSeq: number; unreadCount: number; createdAt: string; updatedAt: string;
}

export interface Room { id: string; name: string; description?: string | null; iconUrl?: string | null; isPublic: boolean; ownerId: string; memberCount: number; myRole?: string | null; createdAt: string }
export interface RoomMember { user: UserSummary; role: string; joinedAt: string }
export interface Invite { code: string; roomId: string; createdBy: string; expiresAt?: string | null; maxUses?: number | null; uses: number; url: string }
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface HistoryPage { items: Message[]; hasMoreBefore: boolean; hasMoreAfter: boolean }
export interface ChangesPage { items: Message[]; version: number; hasMore: boolean }
export interface ServerInfo { name: string; version: string; features: string[] }

/** Any server → client frame (docs/api/realtime.md); fields depend on `type`. */
export interface Frame { type: string; [field: string]: unknown }
