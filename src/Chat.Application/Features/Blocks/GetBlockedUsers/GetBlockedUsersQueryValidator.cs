using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Blocks.GetBlockedUsers;

internal sealed class GetBlockedUsersQueryValidator : AbstractValidator<GetBlockedUsersQuery>
{
    public GetBlockedUsersQueryValidator() => RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
}
