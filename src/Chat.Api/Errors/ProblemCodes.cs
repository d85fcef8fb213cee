using Chat.Application.Common.Exceptions;
using Chat.Domain.Common;
using Chat.Infrastructure.Persistence;

namespace Chat.Api.Errors;

/// <summary>
/// The one mapping from failures to the contract's answers: HTTP status, stable code and title.
/// The HTTP exception handler and the WebSocket error frames both use it.
/// </summary>
public static class ProblemCodes
{
    /// <summary>
    /// One answer: <c>Status</c> (HTTP), <c>Code</c>, <c>Detail</c>, field <c>Errors</c> (422), <c>RetryAfterSeconds</c>
    /// (429, 503), and for a database failure its <c>Database</c> kind (logged once per kind and interval by <see cref="FailureLog"/>).
    /// </summary>
    public sealed record Failure(
        int Status, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null, int? RetryAfterSeconds = null,
        DatabaseFailureKind Database = DatabaseFailureKind.None);

    /// <summary>Seconds a client waits before retrying after 503 <c>unavailable</c> (the database down, out of connections, busy).</summary>
    public const int UnavailableRetryAfterSeconds = 5;

    /// <summary>Seconds a client waits before retrying after 503 <c>storage_full</c> (an operator must free space).</summary>
    public const int StorageFullRetryAfterSeconds = 60;

    /// <summary>The failure for an expected exception, or null for a bug (which answers 500 with no detail).</summary>
    public static Failure? FromException(Exception exception) => exception switch
    {
        RequestValidationException v => new(StatusCodes.Status422UnprocessableEntity, v.Code, v.Message, v.Errors),
        RateLimitedException r => new(StatusCodes.Status429TooManyRequests, r.Code, r.Message, RetryAfterSeconds: r.RetryAfterSeconds),
        UnavailableException u => new(StatusCodes.Status503ServiceUnavailable, u.Code, u.Message, RetryAfterSeconds: u.RetryAfterSeconds),
        NotFoundException e => new(StatusCodes.Status404NotFound, e.Code, e.Message),
        ForbiddenException e => new(StatusCodes.Status403Forbidden, e.Code, e.Message),
        ConflictException e => new(StatusCodes.Status409Conflict, e.Code, e.Message),
        UnauthorizedException e => new(StatusCodes.Status401Unauthorized, e.Code, e.Message),
        BadRequestException e => new(StatusCodes.Status400BadRequest, e.Code, e.Message),
        PayloadTooLargeException e => new(StatusCodes.Status413PayloadTooLarge, e.Code, e.Message),
        UnsupportedMediaTypeException e => new(StatusCodes.Status415UnsupportedMediaType, e.Code, e.Message),
        GoneException e => new(StatusCodes.Status410Gone, e.Code, e.Message),
        DomainException d => new(StatusOf(d.Kind), d.Code, d.Message),
        BadHttpRequestException b => new(b.StatusCode, CodeForStatus(b.StatusCode), b.StatusCode == 413 ? "The request body is too large." : "The request is malformed."),
        _ => FromDatabaseFailure(DatabaseFailures.Classify(exception)),
    };

    // docs/api/README.md "Errors": what a database failure answers. None is a bug (500).
    private static Failure? FromDatabaseFailure(DatabaseFailureKind kind) => kind switch
    {
        DatabaseFailureKind.Gone => new(StatusCodes.Status404NotFound, "not_found", "What this request refers to was deleted meanwhile.", Database: kind),
        DatabaseFailureKind.Conflict => new(StatusCodes.Status409Conflict, "conflict", "A concurrent change got there first; read the current state and try again.", Database: kind),
        DatabaseFailureKind.StorageFull => new(StatusCodes.Status503ServiceUnavailable, "storage_full",
            "The server's storage is full; nothing of this request was saved. Try again later.", RetryAfterSeconds: StorageFullRetryAfterSeconds, Database: kind),
        DatabaseFailureKind.Unavailable or DatabaseFailureKind.Corrupt => new(StatusCodes.Status503ServiceUnavailable, "unavailable",
            "The database is unavailable; try again later (a send with the same clientMessageId is safe to repeat).", RetryAfterSeconds: UnavailableRetryAfterSeconds, Database: kind),
        _ => null,
    };

    public static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The code of a failure known only by its status (framework answers: unknown route, wrong media type, …).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        410 => "gone",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "validation_failed",
        429 => "rate_limited",
        503 => "unavailable",
        _ => status >= 500 ? "internal_error" : "error",
    };

    /// <summary><c>not_a_participant</c> → "Not a participant".</summary>
    public static string TitleOf(string code)
    {
        var words = code.Replace('_', ' ');
        return words.Length == 0 ? "Error" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
