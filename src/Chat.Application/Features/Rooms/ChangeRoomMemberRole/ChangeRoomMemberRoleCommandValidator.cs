using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms.ChangeRoomMemberRole;

internal sealed class ChangeRoomMemberRoleCommandValidator : AbstractValidator<ChangeRoomMemberRoleCommand>
{
    public ChangeRoomMemberRoleCommandValidator() =>
        RuleFor(c => c.Role)
            .NotNull().WithMessage("Role is required.")
            .Must(r => r is RoomRole.Admin or RoomRole.Moderator or RoomRole.Member)
            .WithMessage("Role must be admin, moderator or member; ownership moves with a transfer.")
            .When(c => c.Role is not null, ApplyConditionTo.CurrentValidator);
}
