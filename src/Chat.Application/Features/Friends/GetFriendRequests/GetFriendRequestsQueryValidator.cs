using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Friends.GetFriendRequests;

internal sealed class GetFriendRequestsQueryValidator : AbstractValidator<GetFriendRequestsQuery>
{
    public GetFriendRequestsQueryValidator()
    {
        RuleFor(q => q.Direction)
            .Must(FriendRequestDirection.IsValid)
            .WithMessage($"Direction must be '{FriendRequestDirection.Incoming}' or '{FriendRequestDirection.Outgoing}'.");
        RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
    }
}
