using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.JoinRoom;

internal sealed class JoinRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<JoinRoomCommand, RoomDto>
{
    public async Task<RoomDto> Handle(JoinRoomCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var room = await store.LoadAsync(request.RoomId, me, null, cancellationToken);
        room.Join(me, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent join of the same user won the unique (room, user) index.
            db.ClearTracking();
            if ((await reader.AccessAsync(request.RoomId, me, cancellationToken)).IsMember)
            {
                throw new ConflictException("You are already a member of this room.", RoomPermissions.AlreadyMemberCode);
            }

            throw;
        }

        return await reader.RoomAsync(room.Id, me, cancellationToken);
    }
}
