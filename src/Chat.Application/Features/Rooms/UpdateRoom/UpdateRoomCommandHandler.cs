using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Rooms.UpdateRoom;

internal sealed class UpdateRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, TimeProvider clock)
    : IRequestHandler<UpdateRoomCommand, RoomDto>
{
    public async Task<RoomDto> Handle(UpdateRoomCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, null, cancellationToken);
        room.Update(currentUser.UserId, request.Name, request.Description, request.IconUrl, request.IsPublic, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return await reader.RoomAsync(room.Id, currentUser.UserId, cancellationToken);
    }
}
