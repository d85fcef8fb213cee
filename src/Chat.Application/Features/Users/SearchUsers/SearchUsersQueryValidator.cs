using Chat.Application.Common.Validation;
using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Users.SearchUsers;

internal sealed class SearchUsersQueryValidator : AbstractValidator<SearchUsersQuery>
{
    public SearchUsersQueryValidator()
    {
        RuleFor(q => q.Search).MaxCodePoints(100);
        RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
    }
}
