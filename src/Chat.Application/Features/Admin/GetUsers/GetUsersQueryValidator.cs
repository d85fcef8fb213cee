using Chat.Application.Common.Validation;
using Chat.Application.Features.Rooms;
using Chat.Domain.Users;
using FluentValidation;

namespace Chat.Application.Features.Admin.GetUsers;

internal sealed class GetUsersQueryValidator : AbstractValidator<GetUsersQuery>
{
    public GetUsersQueryValidator()
    {
        RuleFor(q => q.Limit).ValidPageLimit();
        RuleFor(q => q.Search).MaxCodePoints(UserLimits.DisplayNameMaxLength);
    }
}
