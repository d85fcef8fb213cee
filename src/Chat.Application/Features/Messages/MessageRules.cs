using Chat.Domain.Messages;
using FluentValidation;

namespace Chat.Application.Features.Messages;

/// <summary>Shape rules of message fields (spec/README.md "Limits"), shared by the validators.</summary>
internal static class MessageRules
{
    public static IRuleBuilderOptions<T, string?> ValidContent<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(c => c is not null && c.Trim().Length is >= 1 and <= MessageLimits.ContentMaxLength)
        .WithMessage($"Content must be 1–{MessageLimits.ContentMaxLength} characters after trimming.");

    public static IRuleBuilderOptions<T, string> ValidEmoji<T>(this IRuleBuilder<T, string> rule) => rule
        .Must(Message.IsValidEmoji)
        .WithMessage($"Emoji must be 1–{MessageLimits.EmojiMaxLength} characters without spaces.");
}
