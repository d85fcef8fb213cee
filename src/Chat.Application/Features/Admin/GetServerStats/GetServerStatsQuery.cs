using MediatR;

namespace Chat.Application.Features.Admin.GetServerStats;

/// <summary>This node's live numbers, for administrators.</summary>
public sealed record GetServerStatsQuery : IRequest<ServerStatsDto>;
