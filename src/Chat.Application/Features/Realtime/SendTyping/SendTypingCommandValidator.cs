using FluentValidation;

namespace Chat.Application.Features.Realtime.SendTyping;

internal sealed class SendTypingCommandValidator : AbstractValidator<SendTypingCommand>
{
    public SendTypingCommandValidator()
    {
        RuleFor(c => c.ConversationId).NotEmpty().WithMessage("Conversation id is required.");
        RuleFor(c => c.IsTyping).NotNull().WithMessage("isTyping is required.");
    }
}
