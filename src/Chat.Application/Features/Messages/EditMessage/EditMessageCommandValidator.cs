using FluentValidation;

namespace Chat.Application.Features.Messages.EditMessage;

internal sealed class EditMessageCommandValidator : AbstractValidator<EditMessageCommand>
{
    public EditMessageCommandValidator() => RuleFor(c => c.Content).ValidContent();
}
