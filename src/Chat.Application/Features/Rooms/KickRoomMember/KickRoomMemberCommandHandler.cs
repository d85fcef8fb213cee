using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Rooms.KickRoomMember;

internal sealed class KickRoomMemberCommandHandler(ICurrentUser currentUser, RoomStore store)
    : IRequestHandler<KickRoomMemberCommand, Unit>
{
    public async Task<Unit> Handle(KickRoomMemberCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, cancellationToken);
        room.Kick(currentUser.UserId, request.UserId);
        await store.SaveAsync(room, cancellationToken);
        return Unit.Value;
    }
}
