using FluentValidation;

namespace Chat.Application.Features.Conversations.CreateGroupConversation;

internal sealed class CreateGroupConversationCommandValidator : AbstractValidator<CreateGroupConversationCommand>
{
    public CreateGroupConversationCommandValidator()
    {
        RuleFor(c => c.Title).ValidTitle();
        RuleFor(c => c.MemberIds).ValidMemberIds();
    }
}
