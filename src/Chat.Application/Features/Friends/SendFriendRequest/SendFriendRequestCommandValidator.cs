using FluentValidation;

namespace Chat.Application.Features.Friends.SendFriendRequest;

internal sealed class SendFriendRequestCommandValidator : AbstractValidator<SendFriendRequestCommand>
{
    public SendFriendRequestCommandValidator() => RuleFor(c => c.UserId).NotEmpty().WithMessage("userId is required.");
}
