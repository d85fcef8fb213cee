using Chat.Domain.Common;
using Chat.Domain.Messages;
using FluentValidation;

namespace Chat.Application.Features.Messages;

/// <summary>Shape rules of message fields (spec/README.md "Limits"), shared by the validators.</summary>
internal static class MessageRules
{
    /// <summary>1–4000 code points after trimming (<see cref="Message.NormalizeContent"/>), with something visible.</summary>
    public static IRuleBuilderOptions<T, string?> ValidContent<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(c => c is not null && UnicodeText.CodePoints(c.Trim()) is >= 1 and <= MessageLimits.ContentMaxLength)
        .WithMessage(Message.ContentLengthMessage)
        .Must(c => c is null || c.Trim().Length == 0 || UnicodeText.HasVisibleCharacter(c))
        .WithMessage(Message.InvisibleContentMessage);

    /// <summary>One emoji of Unicode's emoji-test.txt (<see cref="EmojiCatalog"/>), in any qualification form.</summary>
    public static IRuleBuilderOptions<T, string> ValidEmoji<T>(this IRuleBuilder<T, string> rule) => rule
        .Must(Message.IsValidEmoji)
        .WithMessage($"A reaction must be one emoji listed in Unicode's emoji-test.txt (Emoji {EmojiCatalog.Version}).");
}
