using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.AcceptRoomInvite;

internal sealed class AcceptRoomInviteCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<AcceptRoomInviteCommand, RoomDto>
{
    private const int Attempts = 3;

    public async Task<RoomDto> Handle(AcceptRoomInviteCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        for (var attempt = 1; ; attempt++)
        {
            var room = await store.LoadByInviteAsync(request.Code, me, cancellationToken);
            room.AcceptInvite(room.Invites.Single(), me, clock.GetUtcNow().UtcDateTime);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return await reader.RoomAsync(room.Id, me, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another acceptance took a use (concurrency token on Uses) or this user joined meanwhile: look again.
                db.ClearTracking();
            }
        }
    }
}
