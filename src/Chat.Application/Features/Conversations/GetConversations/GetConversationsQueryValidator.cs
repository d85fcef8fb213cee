using Chat.Application.Common.Validation;
using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Conversations.GetConversations;

internal sealed class GetConversationsQueryValidator : AbstractValidator<GetConversationsQuery>
{
    public GetConversationsQueryValidator()
    {
        RuleFor(q => q.Search).MaxCodePoints(100);
        RuleFor(q => q.Limit).InclusiveBetween(1, PageLimits.Max).When(q => q.Limit is not null);
        RuleFor(q => q.Kind).IsInEnum().When(q => q.Kind is not null);
    }
}
