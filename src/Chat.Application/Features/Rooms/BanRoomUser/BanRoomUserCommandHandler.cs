using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.BanRoomUser;

internal sealed class BanRoomUserCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<BanRoomUserCommand, Unit>
{
    public async Task<Unit> Handle(BanRoomUserCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, cancellationToken);
        RoomPermissions.Authorize(room.AccessOf(currentUser.UserId), RoomAction.Ban);
        if (!await reader.UserExistsAsync(request.UserId, cancellationToken))
        {
            throw new NotFoundException($"User {request.UserId} does not exist.");
        }

        room.Ban(currentUser.UserId, request.UserId, request.Reason, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two moderators banned the same user at once: the ban stands either way.
            db.ClearTracking();
            if (!(await reader.AccessAsync(request.RoomId, request.UserId, cancellationToken)).IsBanned)
            {
                throw;
            }
        }

        return Unit.Value;
    }
}
