using Chat.Domain.Users;
using FluentValidation;

namespace Chat.Application.Features.Auth.Register;

internal sealed class RegisterCommandValidator : AbstractValidator<RegisterCommand>
{
    public RegisterCommandValidator()
    {
        RuleFor(c => c.Username).ValidUsername();
        RuleFor(c => c.Password).ValidPassword();
        RuleFor(c => c.DisplayName!)
            .Must(n => n.Trim().Length is >= 1 and <= UserLimits.DisplayNameMaxLength)
            .WithMessage($"Display name must be 1–{UserLimits.DisplayNameMaxLength} characters.")
            .When(c => c.DisplayName is not null);
    }
}
