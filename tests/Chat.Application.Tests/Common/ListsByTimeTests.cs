using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Admin.GetAuditLog;
using Chat.Application.Features.Blocks.GetBlockedUsers;
using Chat.Application.Features.Friends.GetFriendRequests;
using Chat.Application.Features.Rooms.GetRoomBans;
using Chat.Application.Features.Rooms.GetRoomMembers;
using Chat.Application.Tests.Support;
using Chat.Domain.Administration;
using Chat.Domain.Attachments;
using Chat.Domain.Friends;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Chat.TestSupport;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Tests.Common;

/// <summary>
/// Blocks, friend requests, room members, room bans and the audit log page by time with the id only breaking ties,
/// never by the UUID v7 id alone (SQL Server sorts <c>uniqueidentifier</c> by its last bytes; decisions/0009). Each
/// test gives the rows times in the reverse of their id order (as SQLite and PostgreSQL sort ids), two of them equal,
/// so ordering by id would fail it; paging one row at a time must give the same list, nothing skipped or repeated.
/// </summary>
[Covers(typeof(GetBlockedUsersQueryHandler), typeof(GetFriendRequestsQueryHandler), typeof(GetAuditLogQueryHandler))]
[Covers(typeof(GetRoomMembersQueryHandler), typeof(GetRoomBansQueryHandler))]
public sealed class ListsByTimeTests : HandlerTest
{
    private User _alice = null!;
    private User[] _others = null!;

    protected override async Task ArrangeAsync()
    {
        _alice = await Given.UserAsync("alice");
        _others = await Given.UsersAsync("u1", "u2", "u3", "u4");
    }

    [Fact]
    public async Task Blocks_come_newest_first_by_when_they_were_placed()
    {
        var blocks = new List<Block>();
        foreach (var other in _others)
        {
            blocks.Add(await Given.BlockAsync(_alice, other));
        }

        var times = await ReverseOfIdOrderAsync(blocks.Select(b => b.Id), (db, id, time) =>
            db.Set<Block>().Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.CreatedAt, time)));
        var timeOfUser = blocks.ToDictionary(b => b.BlockedId, b => times[b.Id]);

        var listed = await AllPagesAsync(cursor => SendAs(_alice.Id, new GetBlockedUsersQuery(1, cursor)));

        listed.Select(u => u.Id).Should().BeEquivalentTo(timeOfUser.Keys);
        listed.Select(u => timeOfUser[u.Id]).Should().BeInDescendingOrder();
        (await SendAs(_alice.Id, new GetBlockedUsersQuery(100, null))).Items.Should().Equal(listed);
    }

    [Fact]
    public async Task Friend_requests_come_newest_first_by_when_they_were_made()
    {
        var requests = new List<Friendship>();
        foreach (var other in _others)
        {
            requests.Add(await Given.FriendRequestAsync(other, _alice));
        }

        await ReverseOfIdOrderAsync(requests.Select(r => r.Id), (db, id, time) =>
            db.Set<Friendship>().Where(f => f.Id == id).ExecuteUpdateAsync(s => s.SetProperty(f => f.CreatedAt, time)));

        var listed = await AllPagesAsync(cursor => SendAs(_alice.Id, new GetFriendRequestsQuery("incoming", 1, cursor)));

        listed.Select(r => r.Id).Should().BeEquivalentTo(requests.Select(r => r.Id));
        listed.Select(r => r.CreatedAt).Should().BeInDescendingOrder();
        (await SendAs(_alice.Id, new GetFriendRequestsQuery("incoming", 100, null))).Items.Select(r => r.Id).Should().Equal(listed.Select(r => r.Id));
    }

    [Fact]
    public async Task Room_members_come_in_join_order()
    {
        var room = await Given.RoomAsync(_alice, "lobby", true, _others);
        await using (var db = Host.Database.CreateContext())
        {
            var ids = await db.Set<RoomMember>().Where(m => m.RoomId == room.Id).Select(m => m.Id).ToListAsync();
            await ReverseOfIdOrderAsync(ids, (context, id, time) =>
                context.Set<RoomMember>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.JoinedAt, time)));
        }

        var listed = await AllPagesAsync(cursor => SendAs(_alice.Id, new GetRoomMembersQuery(room.Id, 1, cursor)));

        listed.Select(m => m.User.Id).Should().BeEquivalentTo(_others.Select(u => u.Id).Append(_alice.Id));
        listed.Select(m => m.JoinedAt).Should().BeInAscendingOrder();
        (await SendAs(_alice.Id, new GetRoomMembersQuery(room.Id, 100, null))).Items.Select(m => m.User.Id).Should().Equal(listed.Select(m => m.User.Id));
    }

    [Fact]
    public async Task Room_bans_come_oldest_first_by_when_they_were_placed()
    {
        var room = await Given.RoomAsync(_alice, "lobby", true, _others);
        foreach (var other in _others)
        {
            await Given.BanAsync(room, other);
        }

        await using (var db = Host.Database.CreateContext())
        {
            var ids = await db.Set<RoomBan>().Where(b => b.RoomId == room.Id).Select(b => b.Id).ToListAsync();
            await ReverseOfIdOrderAsync(ids, (context, id, time) =>
                context.Set<RoomBan>().Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.CreatedAt, time)));
        }

        var listed = await AllPagesAsync(cursor => SendAs(_alice.Id, new GetRoomBansQuery(room.Id, 1, cursor)));

        listed.Select(b => b.User.Id).Should().BeEquivalentTo(_others.Select(u => u.Id));
        listed.Select(b => b.CreatedAt).Should().BeInAscendingOrder();
        (await SendAs(_alice.Id, new GetRoomBansQuery(room.Id, 100, null))).Items.Select(b => b.User.Id).Should().Equal(listed.Select(b => b.User.Id));
    }

    [Fact]
    public async Task The_audit_log_comes_newest_first_by_time()
    {
        var records = await Given.SaveAsync(db =>
        {
            var written = Enumerable.Range(0, 4)
                .Select(i => AuditRecord.Write(_alice.Id, "alice", AuditActions.RoomBan, "room", $"target{i}", $"r{i}", null, Host.Now))
                .ToList();
            db.Set<AuditRecord>().AddRange(written);
            return Task.FromResult(written);
        });
        await ReverseOfIdOrderAsync(records.Select(r => r.Id), (db, id, time) =>
            db.Set<AuditRecord>().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, time)));

        var listed = await AllPagesAsync(cursor => Host.As(_alice.Id, isAdmin: true).SendAsync(new GetAuditLogQuery(null, null, null, 1, cursor)));

        listed.Select(r => r.Id).Should().BeEquivalentTo(records.Select(r => r.Id));
        listed.Select(r => r.CreatedAt).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task A_cursor_from_before_the_upgrade_an_id_alone_is_refused_as_a_bad_cursor()
    {
        await Given.BlockAsync(_alice, _others[0]);
        var idOnly = Cursor.Encode(Guid.CreateVersion7().ToString());

        await Refused<BadRequestException>(() => SendAs(_alice.Id, new GetBlockedUsersQuery(10, idOnly)), "bad_request");
    }

    [Fact]
    public async Task The_guard_fails_a_query_ordered_primarily_by_a_guid_and_lets_a_guid_break_ties()
    {
        await using var db = Host.Database.CreateContext();

        // The blocks list as it was written before: orderby the UUID v7 id.
        var byId = () => (
                from b in db.Set<Block>()
                join u in db.Set<User>() on b.BlockedId equals u.Id
                orderby b.Id descending
                select u.Username)
            .ToListAsync();
        var byNullableGuid = () => db.Set<Attachment>().OrderBy(a => a.MessageId).Select(a => a.Id).ToListAsync();
        var byProjectedId = () => db.Set<RoomBan>().Select(b => new { b.Id, b.Reason }).OrderBy(b => b.Id).ToListAsync();

        await byId.Should().ThrowAsync<InvalidOperationException>().WithMessage("*orders primarily by a Guid*");
        await byNullableGuid.Should().ThrowAsync<InvalidOperationException>().WithMessage("*orders primarily by a Guid*");
        await byProjectedId.Should().ThrowAsync<InvalidOperationException>().WithMessage("*orders primarily by a Guid*");
        (await db.Set<Block>().OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).ToListAsync()).Should().BeEmpty();
        GuidOrderGuard.Offenders(db.Set<User>().OrderBy(u => u.Username).ThenBy(u => u.Id).Expression).Should().BeEmpty();
    }

    /// <summary>
    /// Gives the rows times that run against their id order (the smallest id as SQLite and PostgreSQL sort it gets the
    /// latest time); the two largest ids share a time, so the id must break that tie. Returns each row's time.
    /// </summary>
    private async Task<Dictionary<Guid, DateTime>> ReverseOfIdOrderAsync(IEnumerable<Guid> ids, Func<Chat.Infrastructure.Persistence.ChatDbContext, Guid, DateTime, Task> setTime)
    {
        var byId = ids.OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList();
        var times = new Dictionary<Guid, DateTime>();
        await using var db = Host.Database.CreateContext();
        for (var i = 0; i < byId.Count; i++)
        {
            var time = Host.Now.AddMinutes(-Math.Min(i, byId.Count - 2));
            times[byId[i]] = time;
            await setTime(db, byId[i], time);
        }

        return times;
    }

    private static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<CursorPage<T>>> page)
    {
        var items = new List<T>();
        string? cursor = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var current = await page(cursor);
            items.AddRange(current.Items);
            cursor = current.NextCursor;
            if (cursor is null)
            {
                return items;
            }
        }

        throw new InvalidOperationException("More than 20 pages: the cursor does not advance.");
    }
}
