using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Admin.GetServerStats;

internal sealed class GetServerStatsQueryHandler(IRealtimeStatistics statistics, ICurrentUser currentUser, IContentProtection protection, ISealingProgress sealing)
    : IRequestHandler<GetServerStatsQuery, ServerStatsDto>
{
    public Task<ServerStatsDto> Handle(GetServerStatsQuery request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsAdmin)
        {
            throw new ForbiddenException("Only administrators may read server statistics.");
        }

        var stats = statistics.Snapshot();
        return Task.FromResult(new ServerStatsDto(stats.Connections, stats.OnlineUsers, stats.MessagesPerSecond, stats.Node)
        {
            Encryption = protection.Enabled ? sealing.Progress ?? new SealingProgress(0, null) : null,
        });
    }
}
