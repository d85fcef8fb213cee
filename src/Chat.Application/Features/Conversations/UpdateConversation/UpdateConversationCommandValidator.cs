using Chat.Application.Common.Validation;
using Chat.Domain.Conversations;
using FluentValidation;

namespace Chat.Application.Features.Conversations.UpdateConversation;

internal sealed class UpdateConversationCommandValidator : AbstractValidator<UpdateConversationCommand>
{
    public UpdateConversationCommandValidator()
    {
        RuleFor(c => c.Title).ValidTitle().When(c => c.Title is not null);
        RuleFor(c => c.Topic!).TrimmedMaxCodePoints("Topic", ConversationLimits.TopicMaxLength)
            .When(c => c.Topic is not null);
    }
}
