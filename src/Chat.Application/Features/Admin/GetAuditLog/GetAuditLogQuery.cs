using Chat.Application.Common.Behaviours;
using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Admin.GetAuditLog;

/// <summary>
/// The audit log, newest first, optionally only one <paramref name="Action"/> (e.g. <c>room.ban</c>), one administrator
/// (<paramref name="ActorId"/>) or one target (<paramref name="TargetId"/>). Administrators only.
/// </summary>
public sealed record GetAuditLogQuery(string? Action, Guid? ActorId, string? TargetId, int? Limit, string? Cursor)
    : IRequest<CursorPage<AuditRecordDto>>, IAdministratorRequest;
