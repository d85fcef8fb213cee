using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Rooms;
using Chat.Domain.Administration;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Admin.DeleteAnyRoom;

internal sealed class DeleteAnyRoomCommandHandler(IChatDbContext db, RoomReader reader, AuditTrail audit)
    : IRequestHandler<DeleteAnyRoomCommand, MediatR.Unit>
{
    public async Task<MediatR.Unit> Handle(DeleteAnyRoomCommand request, CancellationToken cancellationToken)
    {
        var room = await db.Set<Room>().FirstOrDefaultAsync(r => r.Id == request.RoomId, cancellationToken)
            ?? throw new NotFoundException("The room does not exist.");

        // Who to tell must be read before the rows go.
        room.DeleteByAdministrator(await reader.MemberIdsAsync(room.Id, cancellationToken));
        db.Set<Room>().Remove(room);
        await db.InTransactionAsync(async ct =>
        {
            // As the owner's delete (DeleteRoomCommandHandler): channels have no foreign key to their room.
            await db.Set<Conversation>().Where(c => c.RoomId == room.Id).ExecuteDeleteAsync(ct);
            await audit.RecordAsync(AuditActions.RoomDelete, AuditActions.TargetRoom, room.Id, request.Reason, ct);
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
        return MediatR.Unit.Value;
    }
}
