using Chat.Domain.Messages;
using FluentValidation;

namespace Chat.Application.Features.Messages.SendMessage;

internal sealed class SendMessageCommandValidator : AbstractValidator<SendMessageCommand>
{
    public SendMessageCommandValidator()
    {
        RuleFor(c => c.Content).ValidContent();
        RuleFor(c => c.ClientMessageId!)
            .Must(id => id.Trim().Length > 0).WithMessage("Client message id cannot be blank.")
            .MaximumLength(MessageLimits.ClientMessageIdMaxLength)
            .When(c => c.ClientMessageId is not null);
    }
}
