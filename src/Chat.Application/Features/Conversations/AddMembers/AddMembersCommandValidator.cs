using FluentValidation;

namespace Chat.Application.Features.Conversations.AddMembers;

internal sealed class AddMembersCommandValidator : AbstractValidator<AddMembersCommand>
{
    public AddMembersCommandValidator()
    {
        RuleFor(c => c.UserIds).ValidMemberIds();
        RuleFor(c => c.UserIds!).NotEmpty().WithMessage("Give at least one user id.").When(c => c.UserIds is not null);
    }
}
