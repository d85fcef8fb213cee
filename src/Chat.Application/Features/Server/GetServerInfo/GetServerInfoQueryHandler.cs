using MediatR;

namespace Chat.Application.Features.Server.GetServerInfo;

internal sealed class GetServerInfoQueryHandler(ServerIdentity identity, IEnumerable<ServerFeature> features)
    : IRequestHandler<GetServerInfoQuery, ServerInfoDto>
{
    public Task<ServerInfoDto> Handle(GetServerInfoQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(new ServerInfoDto
        {
            Name = identity.Name,
            Version = identity.Version,
            Features = features.Select(f => f.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        });
}
