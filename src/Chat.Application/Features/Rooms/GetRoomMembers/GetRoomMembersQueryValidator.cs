using Chat.Application.Common.Validation;
using FluentValidation;

namespace Chat.Application.Features.Rooms.GetRoomMembers;

internal sealed class GetRoomMembersQueryValidator : AbstractValidator<GetRoomMembersQuery>
{
    public GetRoomMembersQueryValidator()
    {
        RuleFor(q => q.Limit).ValidPageLimit();
        RuleFor(q => q.Search).MaxCodePoints(100);
    }
}
