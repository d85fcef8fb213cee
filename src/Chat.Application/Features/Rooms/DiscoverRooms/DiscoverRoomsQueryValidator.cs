using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms.DiscoverRooms;

internal sealed class DiscoverRoomsQueryValidator : AbstractValidator<DiscoverRoomsQuery>
{
    public DiscoverRoomsQueryValidator()
    {
        RuleFor(q => q.Search).MaximumLength(RoomLimits.NameMaxLength);
        RuleFor(q => q.Limit).ValidPageLimit();
    }
}
