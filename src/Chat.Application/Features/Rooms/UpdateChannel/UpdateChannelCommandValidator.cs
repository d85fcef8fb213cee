using FluentValidation;

namespace Chat.Application.Features.Rooms.UpdateChannel;

internal sealed class UpdateChannelCommandValidator : AbstractValidator<UpdateChannelCommand>
{
    public UpdateChannelCommandValidator()
    {
        RuleFor(c => c.Name!).ValidChannelName().When(c => c.Name is not null);
        RuleFor(c => c.Topic!).ValidTopic().When(c => c.Topic is not null);
        RuleFor(c => c.Position).ValidPosition();
    }
}
