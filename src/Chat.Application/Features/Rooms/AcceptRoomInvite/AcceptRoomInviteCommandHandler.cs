using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using MediatR;

namespace Chat.Application.Features.Rooms.AcceptRoomInvite;

internal sealed class AcceptRoomInviteCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<AcceptRoomInviteCommand, RoomDto>
{
    public async Task<RoomDto> Handle(AcceptRoomInviteCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;

        // Racing acceptances: Uses is a concurrency token, so a loser reloads and finds the invite used up (404) or
        // itself already a member (the room, no use spent).
        var roomId = await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var room = await store.LoadByInviteAsync(request.Code, me, ct);
            room.AcceptInvite(room.Invites.Single(), me, clock.GetUtcNow().UtcDateTime);
            await store.SaveAsync(room, ct);
            return room.Id;
        }, cancellationToken);
        return await reader.RoomAsync(roomId, me, cancellationToken);
    }
}
