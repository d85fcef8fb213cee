using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.CreateRoomInvite;

internal sealed class CreateRoomInviteCommandHandler(IChatDbContext db, ICurrentUser currentUser, RoomStore store, TimeProvider clock, IPublicLinks links)
    : IRequestHandler<CreateRoomInviteCommand, InviteDto>
{
    public async Task<InviteDto> Handle(CreateRoomInviteCommand request, CancellationToken cancellationToken)
    {
        var room = await store.LoadAsync(request.RoomId, currentUser.UserId, null, cancellationToken);
        var lifetime = request.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var invite = room.CreateInvite(currentUser.UserId, RoomInvite.NewCode(), request.MaxUses, lifetime, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return new InviteDto
        {
            Code = invite.Code,
            RoomId = invite.RoomId,
            CreatedBy = invite.CreatedById,
            ExpiresAt = invite.ExpiresAt,
            MaxUses = invite.MaxUses,
            Uses = invite.Uses,
            Url = links.Link(InviteDto.UrlOf(invite.Code)),
        };
    }
}
