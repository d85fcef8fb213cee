using Chat.Application.Common.Exceptions;
using Chat.Domain.Common;

namespace Chat.Api.Errors;

/// <summary>
/// The one mapping from failures to the contract's answers: HTTP status, stable code and title.
/// The HTTP exception handler and the WebSocket error frames both use it.
/// </summary>
public static class ProblemCodes
{
    public sealed record Failure(int Status, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null, int? RetryAfterSeconds = null);

    /// <summary>The failure for an expected exception, or null for a bug (which answers 500 with no detail).</summary>
    public static Failure? FromException(Exception exception) => exception switch
    {
        RequestValidationException v => new(StatusCodes.Status422UnprocessableEntity, v.Code, v.Message, v.Errors),
        RateLimitedException r => new(StatusCodes.Status429TooManyRequests, r.Code, r.Message, RetryAfterSeconds: r.RetryAfterSeconds),
        NotFoundException e => new(StatusCodes.Status404NotFound, e.Code, e.Message),
        ForbiddenException e => new(StatusCodes.Status403Forbidden, e.Code, e.Message),
        ConflictException e => new(StatusCodes.Status409Conflict, e.Code, e.Message),
        UnauthorizedException e => new(StatusCodes.Status401Unauthorized, e.Code, e.Message),
        BadRequestException e => new(StatusCodes.Status400BadRequest, e.Code, e.Message),
        PayloadTooLargeException e => new(StatusCodes.Status413PayloadTooLarge, e.Code, e.Message),
        UnsupportedMediaTypeException e => new(StatusCodes.Status415UnsupportedMediaType, e.Code, e.Message),
        DomainException d => new(StatusOf(d.Kind), d.Code, d.Message),
        BadHttpRequestException b => new(b.StatusCode, CodeForStatus(b.StatusCode), b.StatusCode == 413 ? "The request body is too large." : "The request is malformed."),
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
