using Chat.Domain.Common;
using Chat.Application.Common.Validation;
using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms;

/// <summary>Shape rules shared by the room validators.</summary>
internal static class RoomRules
{
    public static IRuleBuilderOptions<T, string> ValidRoomName<T>(this IRuleBuilder<T, string> rule) =>
        rule.VisibleName("Name", RoomLimits.NameMaxLength);

    public static IRuleBuilderOptions<T, string> ValidDescription<T>(this IRuleBuilder<T, string> rule) =>
        rule.TrimmedMaxCodePoints("Description", RoomLimits.DescriptionMaxLength);

    /// <summary>Absolute http(s), at most 2048 code points; empty is allowed (it clears the icon).</summary>
    public static IRuleBuilderOptions<T, string> ValidIconUrl<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(u => u.Length == 0 || (UnicodeText.CodePoints(u) <= RoomLimits.IconUrlMaxLength
                && Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            .WithMessage($"Icon URL must be an absolute http(s) URL of at most {RoomLimits.IconUrlMaxLength} {UnicodeText.Unit}.");
}
