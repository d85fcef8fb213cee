using Chat.Application.Common.Validation;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using FluentValidation;

namespace Chat.Application.Features.Messages.SendMessage;

internal sealed class SendMessageCommandValidator : AbstractValidator<SendMessageCommand>
{
    public SendMessageCommandValidator()
    {
        RuleFor(c => c.Content).ValidContent().When(c => c.AttachmentIds is not { Count: > 0 } || !string.IsNullOrWhiteSpace(c.Content));
        RuleFor(c => c.AttachmentIds!)
            .Must(ids => ids.Count <= AttachmentLimits.MaxPerMessage).WithMessage($"A message carries at most {AttachmentLimits.MaxPerMessage} attachments.")
            .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("An attachment can be named only once.")
            .When(c => c.AttachmentIds is not null);
        RuleFor(c => c.ClientMessageId!)
            .Must(id => id.Trim().Length > 0).WithMessage("Client message id cannot be blank.")
            .MaxCodePoints(MessageLimits.ClientMessageIdMaxLength)
            .When(c => c.ClientMessageId is not null);
    }
}
