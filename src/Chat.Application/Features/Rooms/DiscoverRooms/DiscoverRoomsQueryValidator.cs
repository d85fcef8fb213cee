using Chat.Application.Common.Validation;
using Chat.Domain.Rooms;
using FluentValidation;

namespace Chat.Application.Features.Rooms.DiscoverRooms;

internal sealed class DiscoverRoomsQueryValidator : AbstractValidator<DiscoverRoomsQuery>
{
    public DiscoverRoomsQueryValidator()
    {
        RuleFor(q => q.Search).MaxCodePoints(RoomLimits.NameMaxLength);
        RuleFor(q => q.Limit).ValidPageLimit();
    }
}
