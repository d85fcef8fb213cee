using FluentValidation;

namespace Chat.Application.Features.Rooms.GetRoomBans;

internal sealed class GetRoomBansQueryValidator : AbstractValidator<GetRoomBansQuery>
{
    public GetRoomBansQueryValidator() => RuleFor(q => q.Limit).ValidPageLimit();
}
