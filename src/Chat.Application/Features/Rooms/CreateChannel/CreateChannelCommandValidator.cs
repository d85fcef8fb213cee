using FluentValidation;

namespace Chat.Application.Features.Rooms.CreateChannel;

internal sealed class CreateChannelCommandValidator : AbstractValidator<CreateChannelCommand>
{
    public CreateChannelCommandValidator()
    {
        RuleFor(c => c.Name).ValidChannelName();
        RuleFor(c => c.Type).NotNull().WithMessage("Type is required: text or voice.").IsInEnum();
        RuleFor(c => c.Topic!).ValidTopic().When(c => c.Topic is not null);
        RuleFor(c => c.Position).ValidPosition();
    }
}
