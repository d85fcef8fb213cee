using Chat.Application.Common.Exceptions;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Common.Persistence;

/// <summary>
/// Loads a row the request's checks already found. It can still be gone by now: a deletion (of the message, its
/// conversation, room or channel) may commit between the check and the load. That lost race answers 404
/// <c>not_found</c>, never "Sequence contains no elements".
/// </summary>
internal static class FoundQueries
{
    public static async Task<T> SingleOrNotFoundAsync<T>(this IQueryable<T> query, string what, CancellationToken cancellationToken)
        where T : class =>
        await query.SingleOrDefaultAsync(cancellationToken) ?? throw Gone(what);

    public static T SingleOrNotFound<T>(this IEnumerable<T> items, string what)
        where T : class =>
        items.SingleOrDefault() ?? throw Gone(what);

    public static NotFoundException Gone(string what) => new($"There is no {what} (any more).");
}
