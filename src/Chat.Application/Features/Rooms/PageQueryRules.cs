using Chat.Application.Common.Paging;
using FluentValidation;

namespace Chat.Application.Features.Rooms;

internal static class PageQueryRules
{
    public static IRuleBuilderOptions<T, int?> ValidPageLimit<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(l => l is null or (>= 1 and <= PageLimits.Max)).WithMessage($"Limit must be 1–{PageLimits.Max}.");
}
