using Chat.Application.Common.Validation;
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
            .VisibleName("Display name", UserLimits.DisplayNameMaxLength)
            .When(c => c.DisplayName is not null);
    }
}
