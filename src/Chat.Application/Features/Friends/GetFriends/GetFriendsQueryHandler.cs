using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Users;
using Chat.Domain.Friends;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Friends.GetFriends;

internal sealed class GetFriendsQueryHandler(IChatDbContext db, ICurrentUser currentUser, IPresenceTracker presence)
    : IRequestHandler<GetFriendsQuery, CursorPage<FriendDto>>
{
    public async Task<CursorPage<FriendDto>> Handle(GetFriendsQuery request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);

        // Friendships of the caller on either side of the pair (the per-side status indexes), joined to the other user.
        var friends =
            from f in db.Set<Friendship>().AsNoTracking()
            where f.Status == FriendshipStatus.Accepted && (f.UserLowId == me || f.UserHighId == me)
            join u in db.Set<User>().AsNoTracking() on (f.UserLowId == me ? f.UserHighId : f.UserLowId) equals u.Id
            select new { u.Id, u.Username, u.NormalizedUsername, u.DisplayName, u.AvatarUrl, u.LastSeenAt, f.AcceptedAt };

        var after = Cursor.Decode(request.Cursor);
        if (after is not null)
        {
            friends = friends.Where(x => string.Compare(x.NormalizedUsername, after) > 0);
        }

        var rows = await friends.OrderBy(x => x.NormalizedUsername).Take(limit + 1).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var online = presence.OnlineAmong(page.Select(r => r.Id)).ToHashSet();
        var items = page
            .Select(r => new FriendDto(
                new UserSummaryDto { Id = r.Id, Username = r.Username, DisplayName = r.DisplayName, AvatarUrl = r.AvatarUrl },
                r.AcceptedAt ?? default,
                online.Contains(r.Id),
                r.LastSeenAt))
            .ToList();
        var next = rows.Count > limit ? Cursor.Encode(page[^1].NormalizedUsername) : null;
        return new CursorPage<FriendDto>(items, next);
    }
}
