using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.CreateRoom;

internal sealed class CreateRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomReader reader, TimeProvider clock)
    : IRequestHandler<CreateRoomCommand, RoomDto>
{
    public async Task<RoomDto> Handle(CreateRoomCommand request, CancellationToken cancellationToken)
    {
        var (room, general) = Room.Create(currentUser.UserId, request.Name, request.Description, request.IconUrl, request.IsPublic, clock.GetUtcNow().UtcDateTime);
        db.Set<Room>().Add(room);
        db.Set<Conversation>().Add(general);
        await db.SaveChangesAsync(cancellationToken);
        return await reader.RoomAsync(room.Id, currentUser.UserId, cancellationToken);
    }
}
