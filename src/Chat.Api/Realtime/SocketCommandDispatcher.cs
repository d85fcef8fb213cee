using System.Security.Claims;
using System.Text.Json;
using Chat.Api.Errors;
using Chat.Api.Services;
using Chat.Application.Common.Serialization;
using Chat.Application.Features.Conversations.MarkConversationRead;
using Chat.Application.Features.Messages.DeleteMessage;
using Chat.Application.Features.Messages.EditMessage;
using Chat.Application.Features.Messages.MarkMessageRead;
using Chat.Application.Features.Messages.SendDirectMessage;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Realtime.SendTyping;
using MediatR;

namespace Chat.Api.Realtime;

/// <summary>
/// Turns a client command frame into the same MediatR request REST sends (so the same validation, permissions, rate
/// limits and idempotency apply) and its outcome into the answer frame: the command's own answer, nothing, or
/// <c>error</c> with exactly the code REST would give.
/// </summary>
internal sealed class SocketCommandDispatcher(IServiceScopeFactory scopes, FailureLog failures)
{
    /// <summary>The caller a command runs as: the socket's principal and session.</summary>
    public sealed record Caller(ClaimsPrincipal Principal, Guid SessionId);

    /// <summary>
    /// The answer frame for one command (null when the command has no answer of its own). For <c>send_message</c>,
    /// <paramref name="queued"/> (when given) completes once the send has joined the writer's queue, before its commit.
    /// </summary>
    public async Task<object?> DispatchAsync(
        Caller caller, string type, JsonElement frame, string? reference, CancellationToken cancellationToken, TaskCompletionSource? queued = null)
    {
        try
        {
            return type switch
            {
                "ping" => new SocketFrames.Pong(reference),
                "send_message" => await SendMessageAsync(caller, frame, reference, queued, cancellationToken),
                "edit_message" => await SendAsync(caller, Read<EditMessageCommand>(frame), cancellationToken),
                "delete_message" => await SendAsync(caller, Read<DeleteMessageCommand>(frame), cancellationToken),
                "mark_read" => await MarkReadAsync(caller, frame, cancellationToken),
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

    // { userId } instead of { conversationId } sends to a person: their direct conversation is opened or reused first.
    private Task<object?> SendMessageAsync(Caller caller, JsonElement frame, string? reference, TaskCompletionSource? queued, CancellationToken cancellationToken)
    {
        if (!frame.TryGetProperty("conversationId", out _) && frame.TryGetProperty("userId", out _))
        {
            var direct = Read<SendDirectMessageCommand>(frame);
            return SendAsync(caller, direct, cancellationToken, result => new SocketFrames.MessageSent(reference, direct.ClientMessageId, result.Message), queued);
        }

        var command = Read<SendMessageCommand>(frame);
        return SendAsync(caller, command, cancellationToken, result => new SocketFrames.MessageSent(reference, command.ClientMessageId, result.Message), queued);
    }

    // { conversationId, seq } (or { conversationId, messageId }) moves the conversation's marker; { messageId } alone reads up to that message.
    private Task<object?> MarkReadAsync(Caller caller, JsonElement frame, CancellationToken cancellationToken) =>
        frame.TryGetProperty("conversationId", out _) || !frame.TryGetProperty("messageId", out _)
            ? SendAsync(caller, Read<MarkConversationReadCommand>(frame), cancellationToken)
            : SendAsync(caller, Read<MarkMessageReadCommand>(frame), cancellationToken);

    private object ErrorFor(Exception exception, string? reference, string type)
    {
        var failure = ProblemCodes.FromException(exception);
        if (failure is null)
        {
            failures.Bug(exception, $"socket command {Truncate(type)}");
            return new SocketFrames.Error(reference, "internal_error", "An unexpected error occurred.");
        }

        failures.Failure(failure, exception, $"socket command {Truncate(type)}");
        return new SocketFrames.Error(reference, failure.Code, failure.Detail, failure.Errors, failure.RetryAfterSeconds);
    }

    private async Task<object?> SendAsync<TResponse>(
        Caller caller, IRequest<TResponse> command, CancellationToken cancellationToken, Func<TResponse, object?>? answer = null, TaskCompletionSource? queued = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().UseSocketCaller(caller.Principal, caller.SessionId);
        if (queued is not null)
        {
            scope.ServiceProvider.GetRequiredService<SendQueueSignal>().Listen(queued);
        }

        var response = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
        return answer?.Invoke(response);
    }

    private static T Read<T>(JsonElement frame) =>
        frame.Deserialize<T>(ChatJson.Options) ?? throw new JsonException("Empty command.");

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
