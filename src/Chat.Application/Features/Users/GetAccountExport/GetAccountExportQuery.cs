using MediatR;

namespace Chat.Application.Features.Users.GetAccountExport;

/// <summary>One of the caller's background exports; 404 <c>not_found</c> for an unknown id and for anyone else's (the same answer).</summary>
public sealed record GetAccountExportQuery(Guid Id) : IRequest<AccountExportDto>;
