using Chat.Application.Common.Validation;
using Chat.Domain.Users;
using FluentValidation;

namespace Chat.Application.Features.Auth.ChangePassword;

internal sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("The current password is required.")
            .MaxCodePoints(UserLimits.PasswordMaxLength * 2);
        RuleFor(c => c.NewPassword).ValidPassword();
    }
}
