using FluentValidation;

namespace Chat.Application.Features.Auth.RefreshTokens;

internal sealed class RefreshTokensCommandValidator : AbstractValidator<RefreshTokensCommand>
{
    public RefreshTokensCommandValidator() => RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(512);
}
