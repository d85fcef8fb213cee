using FluentValidation;

namespace Chat.Application.Features.Rooms.CreateRoom;

internal sealed class CreateRoomCommandValidator : AbstractValidator<CreateRoomCommand>
{
    public CreateRoomCommandValidator()
    {
        RuleFor(c => c.Name).ValidRoomName();
        RuleFor(c => c.Description!).ValidDescription().When(c => c.Description is not null);
        RuleFor(c => c.IconUrl!).ValidIconUrl().When(c => c.IconUrl is not null);
    }
}
