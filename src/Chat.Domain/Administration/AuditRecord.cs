namespace Chat.Domain.Administration;

/// <summary>
/// One administrative action, kept for the audit log (docs/operations.md "Audit log"): who (the administrator's id and
/// username at the time, so the record outlives the account), what (<see cref="AuditActions"/>), on what (target kind
/// and id), when, why (the reason given) and from where (the client address, the real one behind a trusted proxy).
/// Written in the same transaction as the action, so a record exists exactly when the action happened.
/// Not an <c>Entity</c>: it raises no events and is never changed after it is written.
/// </summary>
public sealed class AuditRecord
{
    private AuditRecord()
    {
        ActorUsername = Action = TargetType = TargetId = string.Empty;
    }

    /// <summary>UUID v7: ordering by id is ordering by time.</summary>
    public Guid Id { get; private set; }

    public Guid ActorId { get; private set; }

    public string ActorUsername { get; private set; }

    /// <summary>One of <see cref="AuditActions"/> (e.g. <c>message.delete</c>).</summary>
    public string Action { get; private set; }

    /// <summary><c>user</c>, <c>message</c> or <c>room</c>.</summary>
    public string TargetType { get; private set; }

    /// <summary>The target's id (a UUID in text form).</summary>
    public string TargetId { get; private set; }

    /// <summary>What the administrator gave as the reason, at most <see cref="AuditLimits.ReasonMaxLength"/> characters.</summary>
    public string? Reason { get; private set; }

    /// <summary>IPv4 or IPv6 address of the administrator's client; null when unknown.</summary>
    public string? ClientAddress { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static AuditRecord Write(Guid actorId, string actorUsername, string action, string targetType, string targetId, string? reason, string? clientAddress, DateTime now) =>
        new()
        {
            Id = Common.Ids.New(),
            ActorId = actorId,
            ActorUsername = actorUsername,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            ClientAddress = clientAddress is { Length: > AuditLimits.ClientAddressMaxLength } ? clientAddress[..AuditLimits.ClientAddressMaxLength] : clientAddress,
            CreatedAt = now,
        };
}
