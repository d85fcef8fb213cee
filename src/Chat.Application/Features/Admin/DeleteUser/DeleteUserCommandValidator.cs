using FluentValidation;

namespace Chat.Application.Features.Admin.DeleteUser;

internal sealed class DeleteUserCommandValidator : AbstractValidator<DeleteUserCommand>
{
    public DeleteUserCommandValidator()
    {
        RuleFor(c => c.Reason).ValidReason();
    }
}
