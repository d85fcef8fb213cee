using System.Security.Claims;
using System.Text.Json;
using Chat.Api.Errors;
using Chat.Api.Services;
using Chat.Application.Common.Serialization;
using Chat.Application.Features.Realtime.SendTyping;
using MediatR;

namespace Chat.Api.Realtime;

/// <summary>
/// Turns a client command frame into the same MediatR request REST sends (so the same validation, permissions, rate
/// limits and idempotency apply) and its outcome into the answer frame: the command's own answer, nothing, or
/// <c>error</c> with exactly the code REST would give.
/// </summary>
internal sealed class SocketCommandDispatcher(IServiceScopeFactory scopes, ILogger<SocketCommandDispatcher> logger)
{
    /// <summary>The caller a command runs as: the socket's principal and session.</summary>
    public sealed record Caller(ClaimsPrincipal Principal, Guid SessionId);

    /// <summary>The answer frame for one command (null when the command has no answer of its own).</summary>
    public async Task<object?> DispatchAsync(Caller caller, string type, JsonElement frame, string? reference, CancellationToken cancellationToken)
    {
        try
        {
            return type switch
            {
                "ping" => new SocketFrames.Pong(reference),
                "typing" => await SendAsync(caller, Read<SendTypingCommand>(frame), cancellationToken),
                "typing_start" => await SendAsync(caller, Read<SendTypingCommand>(frame) with { IsTyping = true }, cancellationToken),
                "typing_stop" => await SendAsync(caller, Read<SendTypingCommand>(frame) with { IsTyping = false }, cancellationToken),
                _ => new SocketFrames.Error(reference, "unknown_type", $"Unknown frame type '{Truncate(type)}'."),
            };
        }
        catch (JsonException)
        {
            return new SocketFrames.Error(reference, "bad_request", $"The fields of '{Truncate(type)}' are malformed.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ErrorFor(ex, reference, type);
        }
    }

    private object ErrorFor(Exception exception, string? reference, string type)
    {
        var failure = ProblemCodes.FromException(exception);
        if (failure is null)
        {
            logger.LogError(exception, "Socket command {Type} failed", Truncate(type));
            return new SocketFrames.Error(reference, "internal_error", "An unexpected error occurred.");
        }

        return new SocketFrames.Error(reference, failure.Code, failure.Detail, failure.Errors, failure.RetryAfterSeconds);
    }

    private async Task<object?> SendAsync<TResponse>(Caller caller, IRequest<TResponse> command, CancellationToken cancellationToken, Func<TResponse, object?>? answer = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().UseSocketCaller(caller.Principal, caller.SessionId);
        var response = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
        return answer?.Invoke(response);
    }

    private static T Read<T>(JsonElement frame) =>
        frame.Deserialize<T>(ChatJson.Options) ?? throw new JsonException("Empty command.");

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
