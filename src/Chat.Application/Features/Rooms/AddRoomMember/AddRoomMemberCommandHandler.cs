using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.AddRoomMember;

internal sealed class AddRoomMemberCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<AddRoomMemberCommand, RoomMemberDto>
{
    public async Task<RoomMemberDto> Handle(AddRoomMemberCommand request, CancellationToken cancellationToken)
    {
        await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, ct);

            // Permission first, so only admins learn whether a user id exists.
            RoomPermissions.Authorize(room.AccessOf(currentUser.UserId), RoomAction.AddMember);
            if (!await reader.UserExistsAsync(request.UserId, ct))
            {
                throw new NotFoundException($"User {request.UserId} does not exist.");
            }

            room.AddMember(currentUser.UserId, request.UserId, clock.GetUtcNow().UtcDateTime);
            await store.SaveAsync(room, ct);
            return true;
        }, cancellationToken);
        return await reader.MemberAsync(request.RoomId, request.UserId, cancellationToken);
    }
}
