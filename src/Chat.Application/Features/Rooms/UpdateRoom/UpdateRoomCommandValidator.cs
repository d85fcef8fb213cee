using FluentValidation;

namespace Chat.Application.Features.Rooms.UpdateRoom;

internal sealed class UpdateRoomCommandValidator : AbstractValidator<UpdateRoomCommand>
{
    public UpdateRoomCommandValidator()
    {
        RuleFor(c => c.Name!).ValidRoomName().When(c => c.Name is not null);
        RuleFor(c => c.Description!).ValidDescription().When(c => c.Description is not null);
        RuleFor(c => c.IconUrl!).ValidIconUrl().When(c => c.IconUrl is not null);
    }
}
