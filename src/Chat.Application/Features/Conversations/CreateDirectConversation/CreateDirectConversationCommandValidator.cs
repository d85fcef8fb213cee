using FluentValidation;

namespace Chat.Application.Features.Conversations.CreateDirectConversation;

internal sealed class CreateDirectConversationCommandValidator : AbstractValidator<CreateDirectConversationCommand>
{
    public CreateDirectConversationCommandValidator() => RuleFor(c => c.UserId).NotEmpty();
}
