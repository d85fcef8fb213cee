using FluentValidation;

namespace Chat.Application.Features.Conversations.MarkConversationRead;

internal sealed class MarkConversationReadCommandValidator : AbstractValidator<MarkConversationReadCommand>
{
    public MarkConversationReadCommandValidator()
    {
        RuleFor(c => c.Seq).GreaterThanOrEqualTo(0).When(c => c.Seq is not null);
        RuleFor(c => c)
            .Must(c => (c.Seq is null) != (c.MessageId is null))
            .OverridePropertyName("seq")
            .WithMessage("Give either seq or messageId.");
    }
}
