using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Admin;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Rooms;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users;

/// <summary>
/// Deletes an account inside the caller's transaction, by the rule of docs/decisions/0011-deleted-accounts-keep-their-messages.md:
/// <list type="bullet">
/// <item>removed: profile (the row becomes the "deleted user" placeholder, <see cref="User.Erase"/>), friendships and
/// friend requests (friends are told <c>friend_removed</c>), blocks either way, room memberships and bans, group
/// memberships, unsent attachments (their bytes go with the file store's clean-up), exports (rows and archives);</item>
/// <item>handed over: an owned room to the member of highest role, longest there (none: the room is deleted); an owned
/// group to its longest-standing member, as when an owner leaves (none: the group is deleted);</item>
/// <item>kept, under the placeholder: messages (with their edits, reactions, mentions and attachments) and the place in
/// direct conversations, so the other participant keeps the history (a direct conversation whose both participants are
/// deleted is removed);</item>
/// <item>the old username is held for <see cref="AccountOptions.UsernameQuarantineDays"/>.</item>
/// </list>
/// Refuses (409 <c>last_admin</c>) to delete the last enabled administrator. Ending the logins is the caller's, after the commit.
/// </summary>
internal sealed class AccountDeletion(IChatDbContext db, RoomStore rooms, LastAdminGuard lastAdmin, AccountOptions options, IExportFileStore exportFiles, TimeProvider clock)
{
    public async Task EraseAsync(User user, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var now = clock.GetUtcNow().UtcDateTime;
        await lastAdmin.RefuseLastAdminAsync(userId, cancellationToken);

        await EndFriendshipsAsync(userId, cancellationToken);
        await db.Set<Block>().Where(b => b.BlockerId == userId || b.BlockedId == userId).ExecuteDeleteAsync(cancellationToken);
        await LeaveRoomsAsync(userId, now, cancellationToken);
        await db.Set<RoomBan>().Where(b => b.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await LeaveConversationsAsync(userId, now, cancellationToken);
        await RemoveUnsentAttachmentsAsync(userId, cancellationToken);
        await RemoveExportsAsync(userId, cancellationToken);

        await db.Set<UsernameHold>().Where(h => h.ReleasedAt <= now || h.NormalizedUsername == user.NormalizedUsername).ExecuteDeleteAsync(cancellationToken);
        if (options.UsernameQuarantineDays > 0)
        {
            db.Set<UsernameHold>().Add(new UsernameHold(user.NormalizedUsername, now.AddDays(options.UsernameQuarantineDays)));
        }

        user.Erase(now);
        await db.SaveChangesAsync(cancellationToken);
    }

    // Exports are personal data: rows and archives go at once (a worker still writing one finds its row gone and deletes its file).
    private async Task RemoveExportsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var exports = await db.Set<AccountExport>().Where(e => e.UserId == userId).Select(e => e.Id).ToListAsync(cancellationToken);
        if (exports.Count == 0)
        {
            return;
        }

        await db.Set<AccountExport>().Where(e => e.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        foreach (var id in exports)
        {
            exportFiles.Delete(id);
        }
    }

    private async Task EndFriendshipsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var friendships = await db.Set<Friendship>().Where(f => f.UserLowId == userId || f.UserHighId == userId).ToListAsync(cancellationToken);
        foreach (var friendship in friendships)
        {
            friendship.EndBecauseAccountDeleted(userId);
            db.Set<Friendship>().Remove(friendship);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task LeaveRoomsAsync(Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var memberships = await db.Set<RoomMember>().AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { m.RoomId, m.Role }).ToListAsync(cancellationToken);
        foreach (var membership in memberships)
        {
            await rooms.LockAsync(membership.RoomId, cancellationToken);
            Guid? heir = null;
            if (membership.Role == RoomRole.Owner)
            {
                heir = await db.Set<RoomMember>().AsNoTracking()
                    .Where(m => m.RoomId == membership.RoomId && m.UserId != userId)
                    // Roles are stored as names: rank them explicitly (admin, then moderator, then member).
                    .OrderBy(m => m.Role == RoomRole.Admin ? 0 : m.Role == RoomRole.Moderator ? 1 : 2).ThenBy(m => m.JoinedAt).ThenBy(m => m.Id)
                    .Select(m => (Guid?)m.UserId)
                    .FirstOrDefaultAsync(cancellationToken);
                if (heir is null)
                {
                    await DeleteRoomAsync(membership.RoomId, userId, cancellationToken);
                    continue;
                }
            }

            var room = await rooms.LoadAsync(membership.RoomId, userId, heir, cancellationToken);
            room.RemoveDeletedAccount(userId, heir, now);
            await rooms.SaveAsync(room, cancellationToken);
        }
    }

    private async Task DeleteRoomAsync(Guid roomId, Guid userId, CancellationToken cancellationToken)
    {
        var room = await db.Set<Room>().SingleAsync(r => r.Id == roomId, cancellationToken);
        room.DeleteByAdministrator([userId]);
        db.Set<Room>().Remove(room);

        // Channels reference their room without a foreign key (see DeleteRoom): their participants and messages go by cascade.
        await db.Set<Conversation>().Where(c => c.RoomId == roomId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task LeaveConversationsAsync(Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var places = await db.Set<ConversationParticipant>().AsNoTracking()
            .Where(p => p.UserId == userId)
            .Join(db.Set<Conversation>(), p => p.ConversationId, c => c.Id, (p, c) => new { c.Id, c.Kind })
            .Where(c => c.Kind != ConversationKind.Channel)
            .ToListAsync(cancellationToken);
        foreach (var place in places)
        {
            var conversation = await db.LockConversationAsync(place.Id, cancellationToken, withParticipants: true);
            if (place.Kind == ConversationKind.Group && conversation.Participants.Count > 1)
            {
                var self = conversation.ParticipantOf(userId)!;
                conversation.RemoveMember(self, userId, now);
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }

            var others = conversation.Participants.Select(p => p.UserId).Where(id => id != userId).ToList();
            var othersRemain = await db.Set<User>().AnyAsync(u => others.Contains(u.Id) && u.DeletedAt == null, cancellationToken);
            if (place.Kind == ConversationKind.Group || !othersRemain)
            {
                // Nobody is left to read it: the conversation goes, with its messages by cascade.
                await db.Set<Conversation>().Where(c => c.Id == place.Id).ExecuteDeleteAsync(cancellationToken);
            }
        }
    }

    private async Task RemoveUnsentAttachmentsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var unsent = await db.Set<Attachment>().AsNoTracking().Where(a => a.UploaderId == userId && a.MessageId == null)
            .Select(a => new { a.Id, a.Sha256 }).ToListAsync(cancellationToken);
        foreach (var attachment in unsent)
        {
            // Conditional, as the clean-up does: only while still unsent; the reference count moves only with a removed row,
            // and the clean-up job removes the bytes once it reaches zero.
            if (await db.Set<Attachment>().Where(a => a.Id == attachment.Id && a.MessageId == null).ExecuteDeleteAsync(cancellationToken) == 1)
            {
                await db.Set<StoredFile>().Where(f => f.Sha256 == attachment.Sha256)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.ReferenceCount, f => f.ReferenceCount - 1), cancellationToken);
            }
        }
    }
}
