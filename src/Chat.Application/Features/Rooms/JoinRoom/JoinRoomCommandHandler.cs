using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using MediatR;

namespace Chat.Application.Features.Rooms.JoinRoom;

internal sealed class JoinRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<JoinRoomCommand, RoomDto>
{
    public async Task<RoomDto> Handle(JoinRoomCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;

        // A concurrent join of the same user loses on the unique (room, user) index; the retry answers already_member.
        await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var room = await store.LoadAsync(request.RoomId, me, null, ct);
            room.Join(me, clock.GetUtcNow().UtcDateTime);
            await store.SaveAsync(room, ct);
            return true;
        }, cancellationToken);
        return await reader.RoomAsync(request.RoomId, me, cancellationToken);
    }
}
