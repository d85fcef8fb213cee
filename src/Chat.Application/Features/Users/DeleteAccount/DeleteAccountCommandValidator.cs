using Chat.Domain.Users;
using FluentValidation;

namespace Chat.Application.Features.Users.DeleteAccount;

internal sealed class DeleteAccountCommandValidator : AbstractValidator<DeleteAccountCommand>
{
    public DeleteAccountCommandValidator()
    {
        RuleFor(c => c.Password).NotEmpty().WithMessage("The password is required.")
            .MaximumLength(UserLimits.PasswordMaxLength * 2);
    }
}
