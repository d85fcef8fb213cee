using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Messages.GetMessages;

internal sealed class GetMessagesQueryValidator : AbstractValidator<GetMessagesQuery>
{
    public GetMessagesQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
        RuleFor(q => q.Before).GreaterThanOrEqualTo(1).When(q => q.Before is not null);
        RuleFor(q => q.After).GreaterThanOrEqualTo(0).When(q => q.After is not null);
        RuleFor(q => q.Around).GreaterThanOrEqualTo(1).When(q => q.Around is not null);
        RuleFor(q => q)
            .Must(q => new[] { q.Before, q.After, q.Around }.Count(v => v is not null) <= 1)
            .OverridePropertyName("cursor")
            .WithMessage("Give at most one of before, after and around.");
    }
}
