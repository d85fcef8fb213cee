using Chat.Application.Common.Validation;
using FluentValidation;

namespace Chat.Application.Features.Auth.Logout;

internal sealed class LogoutCommandValidator : AbstractValidator<LogoutCommand>
{
    public LogoutCommandValidator() => RuleFor(c => c.RefreshToken).NotEmpty().MaxCodePoints(512);
}
