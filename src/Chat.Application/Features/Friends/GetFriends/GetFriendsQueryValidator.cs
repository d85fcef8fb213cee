using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Friends.GetFriends;

internal sealed class GetFriendsQueryValidator : AbstractValidator<GetFriendsQuery>
{
    public GetFriendsQueryValidator() => RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
}
