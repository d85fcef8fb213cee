using FluentValidation;

namespace Chat.Application.Features.Rooms.TransferRoom;

internal sealed class TransferRoomCommandValidator : AbstractValidator<TransferRoomCommand>
{
    public TransferRoomCommandValidator() => RuleFor(c => c.UserId).NotEmpty();
}
