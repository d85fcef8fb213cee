using FluentValidation;

namespace Chat.Application.Features.Messages.RemoveReaction;

internal sealed class RemoveReactionCommandValidator : AbstractValidator<RemoveReactionCommand>
{
    public RemoveReactionCommandValidator() => RuleFor(c => c.Emoji).ValidEmoji();
}
