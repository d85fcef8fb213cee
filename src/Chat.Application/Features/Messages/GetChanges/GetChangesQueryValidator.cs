using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Messages.GetChanges;

internal sealed class GetChangesQueryValidator : AbstractValidator<GetChangesQuery>
{
    public GetChangesQueryValidator()
    {
        RuleFor(q => q.Since).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
    }
}
