using System.Net.WebSockets;
using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Identity;
using Chat.Infrastructure.RateLimiting;
using Chat.Infrastructure.Realtime;

namespace Chat.Api.Realtime;

/// <summary>
/// One socket's inbound side: each complete message is checked (text, JSON object with a string <c>type</c>), charged to
/// the socket's rate limit (policy <c>Socket</c>), dispatched, and answered on the same socket. Refused frames
/// (<c>rate_limited</c>, <c>bad_frame</c>) go through <see cref="FloodGuard"/>: answered when they carry a <c>ref</c>,
/// answered once per window when they do not, and a sustained flood closes the socket with 1008. Otherwise only a frame
/// over the size limit (handled by the connection) closes it.
/// </summary>
internal sealed class SocketSession(
    WebSocketConnection connection,
    SocketCommandDispatcher.Caller caller,
    SocketCommandDispatcher dispatcher,
    IRequestRateLimiter rateLimiter,
    SessionStates sessions,
    SocketReauthenticator reauthenticator,
    FloodGuard flood,
    TimeProvider clock,
    CancellationToken stopping)
{
    /// <summary>Sends of one socket waiting for their commit at once; past that the socket is not read until one is answered.</summary>
    public const int MaxPipelinedSends = 32;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32 };

    private readonly string _rateLimitKey = "socket:" + caller.SessionId;
    private readonly SemaphoreSlim _pipeline = new(MaxPipelinedSends);
    private SocketCommandDispatcher.Caller _caller = caller;

    /// <summary>Completes when every send read so far has been answered (each answer waits for the one before it).</summary>
    private Task _answered = Task.CompletedTask;

    public async Task OnMessageAsync(WebSocketMessageType messageType, ReadOnlyMemory<byte> message)
    {
        JsonDocument? document = null;
        try
        {
            string? badFrame = null;
            if (messageType != WebSocketMessageType.Text)
            {
                badFrame = "Frames are UTF-8 JSON text.";
            }
            else
            {
                try
                {
                    document = JsonDocument.Parse(message, ParseOptions);
                }
                catch (JsonException)
                {
                    badFrame = "The frame is not valid JSON.";
                }
            }

            var root = document?.RootElement;
            string? reference = null;
            string? type = null;
            if (root is { ValueKind: JsonValueKind.Object } frame)
            {
                reference = ReferenceOf(frame);
                type = frame.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                badFrame ??= string.IsNullOrEmpty(type) ? "The frame has no string 'type'." : null;
            }
            else
            {
                badFrame ??= "The frame is not a JSON object.";
            }

            // Nothing runs for a login that has ended or a credential that has expired (the socket is being closed for it).
            if (sessions.IsEnded(connection.LoginSessionId))
            {
                connection.Close(SocketCloseCodes.SessionEnded, "The session ended.");
                return;
            }

            if (connection.Login.ExpiresAt <= clock.GetUtcNow())
            {
                connection.Close(SocketCloseCodes.CredentialsExpired, "The access token expired; reconnect with a fresh one.");
                return;
            }

            var retryAfter = rateLimiter.TryAcquire(RateLimitPolicies.Socket, _rateLimitKey);
            if (retryAfter is not null)
            {
                Refuse(new SocketFrames.Error(reference, "rate_limited", $"Too many commands. Retry after {retryAfter} seconds.", RetryAfterSeconds: retryAfter));
                return;
            }

            if (badFrame is not null)
            {
                Refuse(new SocketFrames.Error(reference, "bad_frame", badFrame));
                return;
            }

            if (type == "send_message")
            {
                await PipelineSendAsync(root!.Value, reference);
                return;
            }

            // Any other command runs after the sends before it are answered, as if each frame waited for its answer.
            await _answered;
            if (type == "reauthenticate")
            {
                Answer(await ReauthenticateAsync(root!.Value, reference));
                return;
            }

            var answer = await dispatcher.DispatchAsync(_caller, type!, root!.Value, reference, stopping);
            if (answer is not null)
            {
                Answer(answer);
            }
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>
    /// Hands a send to the dispatcher and returns once it has joined the writer's queue (or been answered), so the next
    /// frame is read while this one commits: a socket's sends are committed in groups instead of one transaction per
    /// round trip, in the order they were sent (the writer assigns seq in queue order), and answered in that order.
    /// At most <see cref="MaxPipelinedSends"/> wait at once.
    /// </summary>
    private async Task PipelineSendAsync(JsonElement frame, string? reference)
    {
        await _pipeline.WaitAsync(stopping);
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A copy: the frame's document is disposed when this method returns, the send goes on.
        var answer = dispatcher.DispatchAsync(_caller, "send_message", frame.Clone(), reference, stopping, queued);
        _answered = AnswerInTurnAsync(_answered, answer);
        await Task.WhenAny(answer, queued.Task);
    }

    private async Task AnswerInTurnAsync(Task previous, Task<object?> answer)
    {
        try
        {
            var frame = await answer;
            await previous;
            if (frame is not null)
            {
                Answer(frame);
            }
        }
        catch (OperationCanceledException)
        {
            // The node is stopping: the socket is being closed with 1012 and the client retries with its client id.
        }
        finally
        {
            _pipeline.Release();
        }
    }

    // { type: "reauthenticate", token, ref? }: a fresh access token of the same user rebinds the socket to its login and expiry.
    private async Task<object> ReauthenticateAsync(JsonElement frame, string? reference)
    {
        var token = frame.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var renewed = await reauthenticator.RenewAsync(connection.UserId, token, stopping);
        if (renewed is not { } fresh)
        {
            return new SocketFrames.Error(reference, "unauthorized", "The token is missing, bad, expired, another user's, or its session has ended.");
        }

        _caller = _caller with { Principal = fresh.Principal };
        connection.Login = fresh.Login;
        return new SocketFrames.Reauthenticated(reference, fresh.Login.SessionId, fresh.Login.ExpiresAt.UtcDateTime);
    }

    private void Refuse(SocketFrames.Error error)
    {
        switch (flood.Refused(error.Ref is not null))
        {
            case FloodGuard.Verdict.Answer:
                Answer(error);
                break;
            case FloodGuard.Verdict.Close:
                connection.Close(WebSocketCloseStatus.PolicyViolation, "Too many refused frames; slow down.");
                break;
        }
    }

    private void Answer(object frame) => connection.TryEnqueue(new OutboundFrame(SocketHost.Frame(frame)));

    // ref is any string; another JSON value is echoed as its text.
    private static string? ReferenceOf(JsonElement frame)
    {
        if (!frame.TryGetProperty("ref", out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
        return text is { Length: > 256 } ? text[..256] : text;
    }
}
