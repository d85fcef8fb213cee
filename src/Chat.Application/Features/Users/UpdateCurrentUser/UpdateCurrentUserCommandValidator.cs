using Chat.Application.Common.Validation;
using Chat.Domain.Users;
using FluentValidation;

namespace Chat.Application.Features.Users.UpdateCurrentUser;

internal sealed class UpdateCurrentUserCommandValidator : AbstractValidator<UpdateCurrentUserCommand>
{
    public UpdateCurrentUserCommandValidator()
    {
        RuleFor(c => c.DisplayName!)
            .VisibleName("Display name", UserLimits.DisplayNameMaxLength)
            .When(c => c.DisplayName is not null);
        RuleFor(c => c.AvatarUrl!)
            .MaxCodePoints(UserLimits.AvatarUrlMaxLength)
            .Must(u => u.Length == 0 || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            .WithMessage("Avatar URL must be an absolute http(s) URL.")
            .When(c => c.AvatarUrl is not null);
        RuleFor(c => c.Bio!).MaxCodePoints(UserLimits.BioMaxLength).When(c => c.Bio is not null);
    }
}
