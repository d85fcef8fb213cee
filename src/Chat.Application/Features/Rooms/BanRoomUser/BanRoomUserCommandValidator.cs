using Chat.Application.Common.Validation;
using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms.BanRoomUser;

internal sealed class BanRoomUserCommandValidator : AbstractValidator<BanRoomUserCommand>
{
    public BanRoomUserCommandValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.Reason!).TrimmedMaxCodePoints("Reason", RoomLimits.BanReasonMaxLength)
            .When(c => c.Reason is not null);
    }
}
