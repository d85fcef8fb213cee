using FluentValidation;

namespace Chat.Application.Features.Admin.DeleteAnyRoom;

internal sealed class DeleteAnyRoomCommandValidator : AbstractValidator<DeleteAnyRoomCommand>
{
    public DeleteAnyRoomCommandValidator() => RuleFor(c => c.Reason).ValidReason();
}
