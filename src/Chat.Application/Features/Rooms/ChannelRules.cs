using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms;

/// <summary>Shape rules of channel fields.</summary>
internal static class ChannelRules
{
    public static IRuleBuilderOptions<T, string> ValidChannelName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(n => n is not null && n.Trim().Length is >= 1 and <= RoomLimits.ChannelNameMaxLength)
            .WithMessage($"Name must be 1–{RoomLimits.ChannelNameMaxLength} characters.");

    public static IRuleBuilderOptions<T, string> ValidTopic<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(t => t.Trim().Length <= RoomLimits.ChannelTopicMaxLength)
            .WithMessage($"Topic must be at most {RoomLimits.ChannelTopicMaxLength} characters.");

    public static IRuleBuilderOptions<T, int?> ValidPosition<T>(this IRuleBuilder<T, int?> rule) =>
        rule.Must(p => p is null or (>= 0 and <= RoomLimits.MaxChannelPosition))
            .WithMessage($"Position must be 0–{RoomLimits.MaxChannelPosition}.");
}
