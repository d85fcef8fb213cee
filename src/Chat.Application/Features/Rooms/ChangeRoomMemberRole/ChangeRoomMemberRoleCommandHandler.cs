using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Rooms.ChangeRoomMemberRole;

internal sealed class ChangeRoomMemberRoleCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader)
    : IRequestHandler<ChangeRoomMemberRoleCommand, RoomMemberDto>
{
    public async Task<RoomMemberDto> Handle(ChangeRoomMemberRoleCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, request.UserId, cancellationToken);
        room.ChangeRole(currentUser.UserId, request.UserId, request.Role!.Value);
        await db.SaveChangesAsync(cancellationToken);
        return await reader.MemberAsync(room.Id, request.UserId, cancellationToken);
    }
}
