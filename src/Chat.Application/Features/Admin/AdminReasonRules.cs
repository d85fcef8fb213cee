using Chat.Domain.Administration;
using FluentValidation;

namespace Chat.Application.Features.Admin;

internal static class AdminReasonRules
{
    /// <summary>A reason is optional; when given, at most <see cref="AuditLimits.ReasonMaxLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string?> ValidReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is null || r.Trim().Length <= AuditLimits.ReasonMaxLength)
            .WithMessage($"Reason must be at most {AuditLimits.ReasonMaxLength} characters.");
}
