using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Messages.GetThread;

internal sealed class GetThreadQueryValidator : AbstractValidator<GetThreadQuery>
{
    public GetThreadQueryValidator()
    {
        RuleFor(q => q.After).GreaterThanOrEqualTo(0).When(q => q.After is not null);
        RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
    }
}
