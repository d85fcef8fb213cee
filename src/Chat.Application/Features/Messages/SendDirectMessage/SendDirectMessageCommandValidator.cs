using Chat.Application.Common.Validation;
using Chat.Domain.Messages;
using FluentValidation;

namespace Chat.Application.Features.Messages.SendDirectMessage;

/// <summary>The send's own rules, checked before a conversation is opened, so a bad message opens nothing.</summary>
internal sealed class SendDirectMessageCommandValidator : AbstractValidator<SendDirectMessageCommand>
{
    public SendDirectMessageCommandValidator()
    {
        RuleFor(c => c.UserId).NotEmpty();
        RuleFor(c => c.Content).ValidContent();
        RuleFor(c => c.ClientMessageId!)
            .Must(id => id.Trim().Length > 0).WithMessage("Client message id cannot be blank.")
            .MaxCodePoints(MessageLimits.ClientMessageIdMaxLength)
            .When(c => c.ClientMessageId is not null);
    }
}
