using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Common.Behaviours;

/// <summary>
/// Opens the database connection once for an <see cref="ISharedConnectionRequest"/> and closes it after the handler.
/// EF Core otherwise opens and closes it around each command, and on SQLite every open registers the provider's SQL
/// functions again: that was about 6 % of a history page's server CPU (profiled at 1,000,000 messages, issue 11).
/// (SQLite's native connection now stays open underneath, KeptOpenSqliteConnection; EF's own open and close per
/// command remain.) EF counts opens, so a handler that opens it too (or a transaction) is unaffected.
/// </summary>
internal sealed class SharedConnectionBehaviour<TRequest, TResponse>(IChatDbContext db) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ISharedConnectionRequest)
        {
            return await next();
        }

        await using var connection = await db.KeepConnectionOpenAsync(cancellationToken);
        return await next();
    }
}
