using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.AddRoomMember;

internal sealed class AddRoomMemberCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<AddRoomMemberCommand, RoomMemberDto>
{
    public async Task<RoomMemberDto> Handle(AddRoomMemberCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, cancellationToken);
        RoomPermissions.Authorize(room.AccessOf(currentUser.UserId), RoomAction.AddMember);
        if (!await reader.UserExistsAsync(request.UserId, cancellationToken))
        {
            throw new NotFoundException($"User {request.UserId} does not exist.");
        }

        room.AddMember(currentUser.UserId, request.UserId, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ClearTracking();
            if ((await reader.AccessAsync(request.RoomId, request.UserId, cancellationToken)).IsMember)
            {
                throw new ConflictException("That user is already a member.", RoomPermissions.AlreadyMemberCode);
            }

            throw;
        }

        return await reader.MemberAsync(room.Id, request.UserId, cancellationToken);
    }
}
