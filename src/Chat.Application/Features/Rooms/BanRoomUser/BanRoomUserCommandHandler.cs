using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.BanRoomUser;

internal sealed class BanRoomUserCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<BanRoomUserCommand, Unit>
{
    public async Task<Unit> Handle(BanRoomUserCommand request, CancellationToken cancellationToken)
    {
        // Two moderators banning the same user at once: the loser's retry finds the ban and changes nothing.
        await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, ct);

            // Permission first, so only moderators learn whether a user id exists.
            RoomPermissions.Authorize(room.AccessOf(currentUser.UserId), RoomAction.Ban);
            if (!await reader.UserExistsAsync(request.UserId, ct))
            {
                throw new NotFoundException($"User {request.UserId} does not exist.");
            }

            room.Ban(currentUser.UserId, request.UserId, request.Reason, clock.GetUtcNow().UtcDateTime);
            await store.SaveAsync(room, ct);
            return true;
        }, cancellationToken);
        return Unit.Value;
    }
}
