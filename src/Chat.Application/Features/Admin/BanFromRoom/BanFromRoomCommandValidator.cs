using FluentValidation;

namespace Chat.Application.Features.Admin.BanFromRoom;

internal sealed class BanFromRoomCommandValidator : AbstractValidator<BanFromRoomCommand>
{
    public BanFromRoomCommandValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.Reason).ValidReason();
    }
}
