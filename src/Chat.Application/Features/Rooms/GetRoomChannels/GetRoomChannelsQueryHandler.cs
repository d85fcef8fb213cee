using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.GetRoomChannels;

internal sealed class GetRoomChannelsQueryHandler(IChatDbContext db, ICurrentUser currentUser, RoomReader rooms, ConversationReader conversations)
    : IRequestHandler<GetRoomChannelsQuery, CursorPage<ConversationDto>>
{
    public async Task<CursorPage<ConversationDto>> Handle(GetRoomChannelsQuery request, CancellationToken cancellationToken)
    {
        await rooms.AuthorizeAsync(request.RoomId, currentUser.UserId, RoomAction.ReadChannels, cancellationToken);
        var ids = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.RoomId == request.RoomId)
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        return new CursorPage<ConversationDto>(await conversations.ReadAsync(ids, currentUser.UserId, cancellationToken), null);
    }
}
