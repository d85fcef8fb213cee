using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Rooms;
using Chat.Domain.Administration;
using MediatR;

namespace Chat.Application.Features.Admin.BanFromRoom;

internal sealed class BanFromRoomCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, RoomReader reader, AuditTrail audit, TimeProvider clock)
    : IRequestHandler<BanFromRoomCommand, MediatR.Unit>
{
    public async Task<MediatR.Unit> Handle(BanFromRoomCommand request, CancellationToken cancellationToken)
    {
        // A moderator banning the same user at the same moment: the loser's retry finds the ban and changes nothing.
        await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var room = await store.LoadAsync(request.RoomId, request.UserId, request.UserId, ct);
            if (!await reader.UserExistsAsync(request.UserId, ct))
            {
                throw new NotFoundException($"User {request.UserId} does not exist.");
            }

            room.BanByAdministrator(currentUser.UserId, request.UserId, request.Reason, clock.GetUtcNow().UtcDateTime);
            await audit.RecordAsync(AuditActions.RoomBan, AuditActions.TargetUser, request.UserId, RoomAndReason(request), ct);
            await store.SaveAsync(room, ct);
            return true;
        }, cancellationToken);
        return MediatR.Unit.Value;
    }

    // The record's target is the banned user; the room goes into the reason so the log names both.
    private static string RoomAndReason(BanFromRoomCommand request) =>
        string.IsNullOrWhiteSpace(request.Reason) ? $"room {request.RoomId}" : $"room {request.RoomId}: {request.Reason.Trim()}";
}
