using Chat.Domain.Common;
using Chat.Application.Common.Validation;
using Chat.Domain.Users;
using FluentValidation;

namespace Chat.Application.Features.Auth;

/// <summary>
/// Username and password rules of docs/api/README.md "Limits", shared by the auth validators. Passwords follow NIST SP
/// 800-63B §3.1.1.2: 8–128 code points, any characters, not on the list of common passwords, and no other rule (no
/// composition rules).
/// </summary>
internal static class CredentialRules
{
    public static IRuleBuilderOptions<T, string> ValidUsername<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("Username is required.")
        .CodePointsBetween(UserLimits.UsernameMinLength, UserLimits.UsernameMaxLength)
        .WithMessage($"Username must be {UserLimits.UsernameMinLength}–{UserLimits.UsernameMaxLength} {UnicodeText.Unit}.")
        .Matches(UserLimits.UsernamePattern).WithMessage("Username may contain only letters, digits, '_', '.' and '-'.");

    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("Password is required.")
        .CodePointsBetween(UserLimits.PasswordMinLength, UserLimits.PasswordMaxLength)
        .WithMessage($"Password must be {UserLimits.PasswordMinLength}–{UserLimits.PasswordMaxLength} {UnicodeText.Unit}.")
        .Must(p => !CommonPasswords.Contains(p))
        .WithMessage("This password is too common (it is on a list of commonly used passwords); choose another.");
}
