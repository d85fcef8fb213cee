using FluentValidation;

namespace Chat.Application.Features.Admin.ManageUser;

internal sealed class ManageUserCommandValidator : AbstractValidator<ManageUserCommand>
{
    public ManageUserCommandValidator()
    {
        RuleFor(c => c.Action).IsInEnum();
        RuleFor(c => c.Reason).ValidReason();
    }
}
