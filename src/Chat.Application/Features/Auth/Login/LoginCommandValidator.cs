using Chat.Application.Common.Validation;
using FluentValidation;

namespace Chat.Application.Features.Auth.Login;

internal sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        // Only presence and size: a wrong-shaped username simply fails to log in, with the same answer as a wrong password.
        RuleFor(c => c.Username).NotEmpty().MaxCodePoints(200);
        RuleFor(c => c.Password).NotEmpty().MaxCodePoints(1024);
    }
}
