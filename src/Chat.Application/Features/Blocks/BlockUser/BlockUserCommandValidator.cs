using FluentValidation;

namespace Chat.Application.Features.Blocks.BlockUser;

internal sealed class BlockUserCommandValidator : AbstractValidator<BlockUserCommand>
{
    public BlockUserCommandValidator() => RuleFor(c => c.UserId).NotEmpty().WithMessage("userId is required.");
}
