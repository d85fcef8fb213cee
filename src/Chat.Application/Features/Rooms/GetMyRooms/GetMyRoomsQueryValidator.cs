using FluentValidation;

namespace Chat.Application.Features.Rooms.GetMyRooms;

internal sealed class GetMyRoomsQueryValidator : AbstractValidator<GetMyRoomsQuery>
{
    public GetMyRoomsQueryValidator() => RuleFor(q => q.Limit).ValidPageLimit();
}
