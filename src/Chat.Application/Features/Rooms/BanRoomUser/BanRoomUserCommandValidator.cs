using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms.BanRoomUser;

internal sealed class BanRoomUserCommandValidator : AbstractValidator<BanRoomUserCommand>
{
    public BanRoomUserCommandValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.Reason!).Must(r => r.Trim().Length <= RoomLimits.BanReasonMaxLength)
            .WithMessage($"Reason must be at most {RoomLimits.BanReasonMaxLength} characters.")
            .When(c => c.Reason is not null);
    }
}
