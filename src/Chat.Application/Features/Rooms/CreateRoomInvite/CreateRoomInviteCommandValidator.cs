using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms.CreateRoomInvite;

internal sealed class CreateRoomInviteCommandValidator : AbstractValidator<CreateRoomInviteCommand>
{
    public CreateRoomInviteCommandValidator()
    {
        RuleFor(c => c.MaxUses).InclusiveBetween(1, RoomLimits.InviteMaxUsesLimit).When(c => c.MaxUses is not null);
        RuleFor(c => c.ExpiresInSeconds).InclusiveBetween(1, RoomLimits.InviteMaxLifetimeSeconds).When(c => c.ExpiresInSeconds is not null);
    }
}
