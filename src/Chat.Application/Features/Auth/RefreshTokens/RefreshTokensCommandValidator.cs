using Chat.Application.Common.Validation;
using FluentValidation;

namespace Chat.Application.Features.Auth.RefreshTokens;

internal sealed class RefreshTokensCommandValidator : AbstractValidator<RefreshTokensCommand>
{
    public RefreshTokensCommandValidator() => RuleFor(c => c.RefreshToken).NotEmpty().MaxCodePoints(512);
}
