using FluentValidation;

namespace Chat.Application.Features.Admin.DeleteAnyMessage;

internal sealed class DeleteAnyMessageCommandValidator : AbstractValidator<DeleteAnyMessageCommand>
{
    public DeleteAnyMessageCommandValidator() => RuleFor(c => c.Reason).ValidReason();
}
