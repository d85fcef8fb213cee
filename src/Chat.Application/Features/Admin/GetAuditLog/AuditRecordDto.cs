namespace Chat.Application.Features.Admin.GetAuditLog;

/// <summary>
/// <c>{ id, actorId, actorUsername, action, targetType, targetId, reason, clientAddress, createdAt }</c>: who did what
/// to which target, when (UTC), why, and from which client address.
/// </summary>
public sealed record AuditRecordDto(
    Guid Id, Guid ActorId, string ActorUsername, string Action, string TargetType, string TargetId, string? Reason, string? ClientAddress, DateTime CreatedAt);
