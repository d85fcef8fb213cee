using FluentValidation;

namespace Chat.Application.Features.Messages.AddReaction;

internal sealed class AddReactionCommandValidator : AbstractValidator<AddReactionCommand>
{
    public AddReactionCommandValidator() => RuleFor(c => c.Emoji).ValidEmoji();
}
