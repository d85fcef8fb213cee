using Chat.Application.Common.Validation;
using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms;

/// <summary>Shape rules of channel fields.</summary>
internal static class ChannelRules
{
    public static IRuleBuilderOptions<T, string> ValidChannelName<T>(this IRuleBuilder<T, string> rule) =>
        rule.VisibleName("Name", RoomLimits.ChannelNameMaxLength);

    public static IRuleBuilderOptions<T, string> ValidTopic<T>(this IRuleBuilder<T, string> rule) =>
        rule.TrimmedMaxCodePoints("Topic", RoomLimits.ChannelTopicMaxLength);

    public static IRuleBuilderOptions<T, int?> ValidPosition<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(p => p is null or (>= 0 and <= RoomLimits.MaxChannelPosition))
            .WithMessage($"Position must be 0–{RoomLimits.MaxChannelPosition}.");
}
