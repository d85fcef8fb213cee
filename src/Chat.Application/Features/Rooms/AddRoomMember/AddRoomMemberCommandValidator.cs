using FluentValidation;

namespace Chat.Application.Features.Rooms.AddRoomMember;

internal sealed class AddRoomMemberCommandValidator : AbstractValidator<AddRoomMemberCommand>
{
    public AddRoomMemberCommandValidator() => RuleFor(c => c.UserId).NotEmpty();
}
