using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms;

/// <summary>Shape rules shared by the room validators.</summary>
internal static class RoomRules
{
    public static IRuleBuilderOptions<T, string> ValidRoomName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(n => n is not null && n.Trim().Length is >= 1 and <= RoomLimits.NameMaxLength)
            .WithMessage($"Name must be 1–{RoomLimits.NameMaxLength} characters.");

    public static IRuleBuilderOptions<T, string> ValidDescription<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(d => d.Trim().Length <= RoomLimits.DescriptionMaxLength)
            .WithMessage($"Description must be at most {RoomLimits.DescriptionMaxLength} characters.");

    /// <summary>Absolute http(s), at most 2048 characters; empty is allowed (it clears the icon).</summary>
    public static IRuleBuilderOptions<T, string> ValidIconUrl<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(u => u.Length == 0 || (u.Length <= RoomLimits.IconUrlMaxLength
                && Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            .WithMessage($"Icon URL must be an absolute http(s) URL of at most {RoomLimits.IconUrlMaxLength} characters.");
}
