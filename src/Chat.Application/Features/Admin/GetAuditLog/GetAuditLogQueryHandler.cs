using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Administration;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Admin.GetAuditLog;

internal sealed class GetAuditLogQueryHandler(IChatDbContext db) : IRequestHandler<GetAuditLogQuery, CursorPage<AuditRecordDto>>
{
    public async Task<CursorPage<AuditRecordDto>> Handle(GetAuditLogQuery request, CancellationToken cancellationToken)
    {
        var limit = PageLimits.Normalize(request.Limit);
        var records = db.Set<AuditRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.Action))
        {
            records = records.Where(a => a.Action == request.Action);
        }

        if (request.ActorId is { } actorId)
        {
            records = records.Where(a => a.ActorId == actorId);
        }

        if (!string.IsNullOrWhiteSpace(request.TargetId))
        {
            var targetId = request.TargetId.Trim().ToLowerInvariant();
            records = records.Where(a => a.TargetId == targetId);
        }

        // Newest first by time, the id only breaking ties (SQL Server sorts uniqueidentifier by its last bytes,
        // decisions/0009). Indexes (CreatedAt, Id) and (ActorId|TargetId|Action, CreatedAt, Id).
        if (TimeIdCursor.Decode(request.Cursor) is var (time, id))
        {
            records = records.Where(a => a.CreatedAt < time || (a.CreatedAt == time && a.Id.CompareTo(id) < 0));
        }

        var rows = await records.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Take(limit + 1)
            .Select(a => new AuditRecordDto(a.Id, a.ActorId, a.ActorUsername, a.Action, a.TargetType, a.TargetId, a.Reason, a.ClientAddress, a.CreatedAt))
            .ToListAsync(cancellationToken);
        return CursorPage.FromRows(rows, limit, r => r, r => TimeIdCursor.Encode(r.CreatedAt, r.Id));
    }
}
