using Chat.Application.Common.Validation;
using Chat.Application.Features.Rooms;
using Chat.Domain.Administration;
using FluentValidation;

namespace Chat.Application.Features.Admin.GetAuditLog;

internal sealed class GetAuditLogQueryValidator : AbstractValidator<GetAuditLogQuery>
{
    public GetAuditLogQueryValidator()
    {
        RuleFor(q => q.Limit).ValidPageLimit();
        RuleFor(q => q.Action).MaxCodePoints(AuditLimits.ActionMaxLength);
        RuleFor(q => q.TargetId).MaxCodePoints(AuditLimits.TargetIdMaxLength);
    }
}
