using Chat.Application.Common.Validation;
using Chat.Domain.Administration;
using FluentValidation;

namespace Chat.Application.Features.Admin;

internal static class AdminReasonRules
{
    /// <summary>A reason is optional; when given, at most <see cref="AuditLimits.ReasonMaxLength"/> code points after trimming.</summary>
    public static IRuleBuilderOptions<T, string?> ValidReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.TrimmedMaxCodePoints("Reason", AuditLimits.ReasonMaxLength);
}
