using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.GetRoom;

internal sealed class GetRoomQueryHandler(ICurrentUser currentUser, RoomReader reader) : IRequestHandler<GetRoomQuery, RoomDto>
{
    public async Task<RoomDto> Handle(GetRoomQuery request, CancellationToken cancellationToken)
    {
        await reader.AuthorizeAsync(request.RoomId, currentUser.UserId, RoomAction.View, cancellationToken);
        return await reader.RoomAsync(request.RoomId, currentUser.UserId, cancellationToken);
    }
}
