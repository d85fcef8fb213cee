using Chat.Domain.Users;
using FluentValidation;

namespace Chat.Application.Features.Auth;

/// <summary>Username and password rules of spec/README.md "Limits", shared by the auth validators.</summary>
internal static class CredentialRules
{
    public static IRuleBuilderOptions<T, string> ValidUsername<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("Username is required.")
        .Length(UserLimits.UsernameMinLength, UserLimits.UsernameMaxLength)
        .WithMessage($"Username must be {UserLimits.UsernameMinLength}–{UserLimits.UsernameMaxLength} characters.")
        .Matches(UserLimits.UsernamePattern).WithMessage("Username may contain only letters, digits, '_', '.' and '-'.");

    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("Password is required.")
        .Length(UserLimits.PasswordMinLength, UserLimits.PasswordMaxLength)
        .WithMessage($"Password must be {UserLimits.PasswordMinLength}–{UserLimits.PasswordMaxLength} characters.");
}
