using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.GetRoomInvite;

internal sealed class GetRoomInviteQueryHandler(IChatDbContext db, ICurrentUser currentUser, RoomReader reader, TimeProvider clock)
    : IRequestHandler<GetRoomInviteQuery, InvitePreviewDto>
{
    public async Task<InvitePreviewDto> Handle(GetRoomInviteQuery request, CancellationToken cancellationToken)
    {
        var invite = await db.Set<RoomInvite>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == request.Code, cancellationToken);
        if (invite is null || !invite.IsUsable(clock.GetUtcNow().UtcDateTime))
        {
            throw Room.InviteNotFound();
        }

        return new InvitePreviewDto(await reader.RoomAsync(invite.RoomId, currentUser.UserId, cancellationToken), invite.ExpiresAt);
    }
}
