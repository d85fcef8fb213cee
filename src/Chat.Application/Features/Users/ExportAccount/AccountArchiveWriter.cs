using System.IO.Compression;
using System.Text.Json;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Attachments;
using Chat.Application.Common.Serialization;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users.ExportAccount;

/// <summary>
/// Writes a user's data as a ZIP archive (rest.md "Exporting one's data"): the one writer behind the direct export
/// (<see cref="ExportAccountCommand"/>) and the background one (<see cref="AccountExportJobs"/>), so both archives hold
/// the same entries. Messages are read and written a page at a time, never all in memory.
/// </summary>
public sealed class AccountArchiveWriter(IChatDbContext db, IFileStore files, SealedAttachments sealedAttachments, IContentProtection protection, TimeProvider clock)
{
    // Messages are read and written this many at a time, so the archive never holds an account's history in memory.
    private const int PageSize = 500;

    /// <summary>Writes <paramref name="user"/>'s archive to <paramref name="destination"/> (left open); returns how much went in.</summary>
    public async Task<ExportSummary> WriteAsync(User user, Stream destination, CancellationToken cancellationToken)
    {
        var me = user.Id;
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        Write(zip, "profile.json", new
        {
            user.Id, user.Username, user.DisplayName, user.AvatarUrl, user.Bio, user.CreatedAt, user.IsAdmin, user.LastSeenAt,
            ExportedAt = clock.GetUtcNow().UtcDateTime,
        });
        Write(zip, "friends.json", await FriendsAsync(me, cancellationToken));
        Write(zip, "blocks.json", await (
            from b in db.Set<Block>().AsNoTracking()
            join u in db.Set<User>().AsNoTracking() on b.BlockedId equals u.Id
            where b.BlockerId == me
            orderby b.CreatedAt
            select new { UserId = u.Id, u.Username, u.DisplayName, BlockedAt = b.CreatedAt }).ToListAsync(cancellationToken));
        Write(zip, "rooms.json", await (
            from m in db.Set<RoomMember>().AsNoTracking()
            join r in db.Set<Room>().AsNoTracking() on m.RoomId equals r.Id
            where m.UserId == me
            orderby m.JoinedAt
            select new { RoomId = r.Id, r.Name, Role = m.Role.ToString().ToLowerInvariant(), m.JoinedAt }).ToListAsync(cancellationToken));
        Write(zip, "conversations.json", await ConversationsAsync(me, cancellationToken));

        var attachments = new List<(Guid Id, string FileName, string Sha256, byte[]? FileKey)>();
        var messages = await WriteMessagesAsync(zip, me, attachments, cancellationToken);
        foreach (var (id, fileName, sha256, fileKey) in attachments)
        {
            Stream bytes;
            try
            {
                // Sealed bytes (encryption at rest) are opened; a file missing, erased or failing its check is left out.
                bytes = await sealedAttachments.OpenReadAsync(files, id, sha256, fileKey, sent: true, cancellationToken);
            }
            catch (ChatApplicationException)
            {
                continue;
            }

            await using var opened = bytes;
            await using var entry = zip.CreateEntry($"attachments/{id}/{fileName}", CompressionLevel.Fastest).Open();
            await bytes.CopyToAsync(entry, cancellationToken);
        }

        return new ExportSummary(messages, attachments.Count);
    }

    private async Task<List<object>> FriendsAsync(Guid me, CancellationToken cancellationToken)
    {
        var rows = await (
            from f in db.Set<Friendship>().AsNoTracking()
            where f.UserLowId == me || f.UserHighId == me
            join u in db.Set<User>().AsNoTracking() on (f.UserLowId == me ? f.UserHighId : f.UserLowId) equals u.Id
            orderby f.CreatedAt
            select new { UserId = u.Id, u.Username, u.DisplayName, f.Status, f.RequesterId, f.CreatedAt, f.AcceptedAt }).ToListAsync(cancellationToken);
        return rows.Select(f => (object)new
        {
            f.UserId, f.Username, f.DisplayName,
            Status = f.Status == FriendshipStatus.Accepted ? "friends" : f.RequesterId == me ? "request_sent" : "request_received",
            f.CreatedAt, f.AcceptedAt,
        }).ToList();
    }

    private async Task<List<object>> ConversationsAsync(Guid me, CancellationToken cancellationToken)
    {
        // Direct and group conversations by participant row; channels by room membership (their read rows are made
        // lazily, docs/decisions/0012-no-per-member-work-per-message.md), with the room's members as participants.
        var mine = await (
            from p in db.Set<ConversationParticipant>().AsNoTracking()
            join c in db.Set<Conversation>().AsNoTracking() on p.ConversationId equals c.Id
            where p.UserId == me && c.RoomId == null
            select new { c.Id, c.Kind, c.Title, c.RoomId, c.CreatedAt, p.Role, p.JoinedAt, p.LastReadSeq }).ToListAsync(cancellationToken);
        var channels = await (
            from m in db.Set<RoomMember>().AsNoTracking()
            where m.UserId == me
            join c in db.Set<Conversation>().AsNoTracking() on (Guid?)m.RoomId equals c.RoomId
            select new { c.Id, c.Kind, c.Title, c.RoomId, c.CreatedAt, Role = ParticipantRole.Member, m.JoinedAt, LastReadSeq = 0L }).ToListAsync(cancellationToken);
        var channelReads = await Conversations.ChannelReadState.UnreadOf(db, me, db.Set<Conversation>().Where(c => c.RoomId != null))
            .ToDictionaryAsync(r => r.ConversationId, r => r.LastReadSeq, cancellationToken);
        var all = mine.Concat(channels.Select(c => c with { LastReadSeq = channelReads.GetValueOrDefault(c.Id) })).OrderBy(c => c.CreatedAt).ToList();

        var ids = mine.Select(c => c.Id).ToList();
        var participants = (await (
            from p in db.Set<ConversationParticipant>().AsNoTracking()
            join u in db.Set<User>().AsNoTracking() on p.UserId equals u.Id
            where ids.Contains(p.ConversationId)
            select new { p.ConversationId, UserId = u.Id, u.Username, u.DisplayName }).ToListAsync(cancellationToken))
            .ToLookup(p => p.ConversationId);
        var roomIds = channels.Select(c => c.RoomId!.Value).Distinct().ToList();
        var roomMembers = (await (
            from m in db.Set<RoomMember>().AsNoTracking()
            join u in db.Set<User>().AsNoTracking() on m.UserId equals u.Id
            where roomIds.Contains(m.RoomId)
            select new { m.RoomId, UserId = u.Id, u.Username, u.DisplayName }).ToListAsync(cancellationToken))
            .ToLookup(m => m.RoomId);
        return all.Select(c => (object)new
        {
            c.Id, Kind = c.Kind.ToString().ToLowerInvariant(), c.Title, c.RoomId, Role = c.Role.ToString().ToLowerInvariant(), c.JoinedAt, c.LastReadSeq,
            Participants = c.RoomId is { } roomId
                ? roomMembers[roomId].Select(p => new { p.UserId, p.Username, p.DisplayName }).ToList()
                : participants[c.Id].Select(p => new { p.UserId, p.Username, p.DisplayName }).ToList(),
        }).ToList();
    }

    private async Task<int> WriteMessagesAsync(ZipArchive zip, Guid me, List<(Guid, string, string, byte[]?)> attachments, CancellationToken cancellationToken)
    {
        await using var entry = zip.CreateEntry("messages.json", CompressionLevel.Fastest).Open();
        await using var json = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        var count = 0;
        (DateTime At, Guid Id)? after = null;
        while (true)
        {
            // Keyset on (time, id): the id only breaks ties (SQL Server sorts uniqueidentifier unlike a UUID v7 string).
            var query = db.Set<Message>().AsNoTracking().Where(m => m.SenderId == me);
            if (after is { } last)
            {
                query = query.Where(m => m.CreatedAt > last.At || (m.CreatedAt == last.At && m.Id.CompareTo(last.Id) > 0));
            }

            var sealedPage = await query.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(PageSize)
                .Select(m => new { Message = m, Sealed = EF.Property<byte[]?>(m, SealedColumns.Content) })
                .ToListAsync(cancellationToken);
            var page = sealedPage.Select(r => r.Message).ToList();
            if (page.Count == 0)
            {
                break;
            }

            var ids = page.Select(m => m.Id).ToList();
            var edits = (await db.Set<MessageEdit>().AsNoTracking().Where(e => ids.Contains(e.MessageId)).OrderBy(e => e.EditedAt)
                    .Select(e => new { e.Id, e.MessageId, e.Content, e.EditedAt, Sealed = EF.Property<byte[]?>(e, SealedColumns.Content) })
                    .ToListAsync(cancellationToken))
                .ToLookup(e => e.MessageId);
            // Encryption at rest: the texts are opened here (an unreadable one is exported as null).
            var contents = new Dictionary<Guid, string?>();
            foreach (var row in sealedPage.Where(r => r.Sealed is not null))
            {
                contents[row.Message.Id] = await protection.OpenAsync(ProtectedContent.MessageContent, row.Message.ConversationId, row.Message.Id, row.Sealed!, cancellationToken);
            }

            var conversationOf = page.ToDictionary(m => m.Id, m => m.ConversationId);
            foreach (var edit in edits.SelectMany(g => g).Where(e => e.Sealed is not null))
            {
                contents[edit.Id] = await protection.OpenAsync(ProtectedContent.EditContent, conversationOf[edit.MessageId], edit.Id, edit.Sealed!, cancellationToken);
            }

            var sent = await db.Set<Attachment>().AsNoTracking().Where(a => a.MessageId != null && ids.Contains(a.MessageId.Value)).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
            var fileKeys = await sealedAttachments.RevealAsync(sent, cancellationToken);
            var files = sent.ToLookup(a => a.MessageId!.Value);
            foreach (var m in page)
            {
                var ofMessage = files[m.Id].ToList();
                attachments.AddRange(ofMessage.Select(a => (a.Id, a.FileName, a.Sha256, fileKeys.GetValueOrDefault(a.Id))));
                JsonSerializer.Serialize(json, new
                {
                    m.Id, m.ConversationId, m.Seq, Content = contents.TryGetValue(m.Id, out var opened) ? opened : m.Content, m.ReplyToId, m.ThreadRootId, m.CreatedAt, m.EditedAt, m.DeletedAt,
                    Edits = edits[m.Id].Select(e => new { PreviousContent = e.Sealed is null ? e.Content : contents[e.Id], e.EditedAt }).ToList(),
                    Attachments = ofMessage.Select(a => new
                    {
                        a.Id, a.FileName, a.ContentType, a.Size,
                        // A sealed file's address is the hash of its sealed bytes, not of the file: not given.
                        Sha256 = fileKeys.ContainsKey(a.Id) ? null : a.Sha256,
                        a.Width, a.Height, Path = $"attachments/{a.Id}/{a.FileName}",
                    }).ToList(),
                }, ChatJson.Options);
            }

            count += page.Count;
            await json.FlushAsync(cancellationToken);
            after = (page[^1].CreatedAt, page[^1].Id);
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
        return count;
    }

    private static void Write<T>(ZipArchive zip, string name, T value)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        JsonSerializer.Serialize(entry, value, ChatJson.Options);
    }
}
