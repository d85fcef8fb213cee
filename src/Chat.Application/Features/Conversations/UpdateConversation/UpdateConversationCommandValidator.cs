using Chat.Domain.Conversations;
using FluentValidation;

namespace Chat.Application.Features.Conversations.UpdateConversation;

internal sealed class UpdateConversationCommandValidator : AbstractValidator<UpdateConversationCommand>
{
    public UpdateConversationCommandValidator()
    {
        RuleFor(c => c.Title).ValidTitle().When(c => c.Title is not null);
        RuleFor(c => c.Topic!).Must(t => t.Trim().Length <= ConversationLimits.TopicMaxLength)
            .WithMessage($"Topic must be at most {ConversationLimits.TopicMaxLength} characters.")
            .When(c => c.Topic is not null);
    }
}
