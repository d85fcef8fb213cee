using FluentValidation;

namespace Chat.Application.Features.Admin.ResetPassword;

internal sealed class ResetPasswordCommandValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordCommandValidator() => RuleFor(c => c.Reason).ValidReason();
}
