using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using Chat.Api.Errors;
using Chat.Api.Services;
using Chat.Application.Common.Serialization;
using Chat.Application.Features.Friends.GetOnlineFriends;
using Chat.Domain.Common;
using Chat.Infrastructure.Identity;
using Chat.Infrastructure.Realtime;
using MediatR;

namespace Chat.Api.Realtime;

/// <summary>
/// Runs one accepted socket from open to close: greets it (<c>connection_established</c>, then <c>online_friends</c>),
/// registers it (closing the user's oldest beyond the per-user limit), signals presence, reads commands, and on every
/// way out removes it from the registry again.
/// </summary>
internal sealed class SocketHost(
    RealtimeOptions options,
    ConnectionRegistry registry,
    PresenceBroadcaster presence,
    RealtimeMetrics metrics,
    FanOutQueue fanOut,
    SocketCommandDispatcher dispatcher,
    DeliveryReceipts receipts,
    Chat.Application.Common.Interfaces.IRequestRateLimiter rateLimiter,
    IServiceScopeFactory scopes,
    SessionStates sessions,
    SocketReauthenticator reauthenticator,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    FailureLog failures,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SocketHost>();

    public async Task RunAsync(HttpContext http, ClaimsPrincipal principal)
    {
        var userId = SocketAuthenticator.UserIdOf(principal);
        var login = SocketAuthenticator.LoginOf(principal)!;
        var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.Heartbeat,
            KeepAliveTimeout = options.Heartbeat * 2, // with the interval before it: closed after three silent intervals
        });

        var sessionId = Ids.New();
        using var connection = new WebSocketConnection(
            socket, userId, sessionId, options.OutboundQueueCapacity, options.MaxFrameBytes,
            loggerFactory.CreateLogger<WebSocketConnection>(), (written, frame) =>
            {
                metrics.FrameWritten();
                fanOut.FrameWritten(frame.EnqueuedAt, ((WebSocketConnection)written).QueuedCount);
                if (frame.Receipt is { } receipt)
                {
                    receipts.Delivered(userId, sessionId, receipt);
                }
            })
        {
            Login = login,
        };
        connection.SendFirst(new OutboundFrame(Frame(new SocketFrames.ConnectionEstablished(
            userId, sessionId, clock.GetUtcNow().UtcDateTime, (int)options.Heartbeat.TotalSeconds, login.ExpiresAt.UtcDateTime))));

        var registration = registry.Add(connection, options.MaxSocketsPerUser);
        _logger.LogInformation("Socket {SessionId} of user {UserId} opened", sessionId, userId);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        try
        {
            // A login that ended while this socket was being accepted: the end found no socket to close, so close it here.
            if (sessions.IsEnded(login.SessionId))
            {
                connection.Close(SocketCloseCodes.SessionEnded, "The session ended.");
            }

            _ = WatchCredentialsAsync(connection, watching.Token);

            foreach (var evicted in registration.Evicted)
            {
                evicted.Close(WebSocketCloseStatus.PolicyViolation, $"At most {options.MaxSocketsPerUser} sockets per user; this was the oldest.");
            }

            if (registration.CameOnline)
            {
                presence.Signal(userId);
            }

            var caller = new SocketCommandDispatcher.Caller(principal, sessionId);
            await GreetAsync(connection, caller);
            var session = new SocketSession(
                connection, caller, dispatcher, rateLimiter, sessions, reauthenticator, new FloodGuard(options, clock), clock, lifetime.ApplicationStopping);
            await connection.RunAsync(session.OnMessageAsync, lifetime.ApplicationStopping);
        }
        finally
        {
            await watching.CancelAsync();
            if (registry.Remove(connection))
            {
                presence.Signal(userId);
            }

            if (connection.ServerCloseStatus == WebSocketConnection.TryAgainLater)
            {
                metrics.QueueDropped();
            }

            _logger.LogInformation(
                "Socket {SessionId} of user {UserId} closed ({CloseStatus})",
                sessionId, userId, connection.ServerCloseStatus?.ToString() ?? socket.CloseStatus?.ToString() ?? socket.State.ToString());
        }
    }

    // Closes the socket when the credential it is bound to expires; a reauthenticate frame moves the expiry and the wait restarts.
    private async Task WatchCredentialsAsync(WebSocketConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var login = connection.Login;
                var wait = login.ExpiresAt - clock.GetUtcNow();
                if (wait <= TimeSpan.Zero)
                {
                    if (ReferenceEquals(login, connection.Login))
                    {
                        connection.Close(SocketCloseCodes.CredentialsExpired, "The access token expired; reconnect with a fresh one.");
                        return;
                    }

                    continue;
                }

                await Task.Delay(wait < MaxWait ? wait : MaxWait, clock, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The socket ended first.
        }
    }

    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    public static ReadOnlyMemory<byte> Frame(object frame) => JsonSerializer.SerializeToUtf8Bytes(frame, frame.GetType(), ChatJson.Options);

    // online_friends comes right after connection_established; events that arrive meanwhile wait in the queue behind it.
    private async Task GreetAsync(WebSocketConnection connection, SocketCommandDispatcher.Caller caller)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().UseSocketCaller(caller.Principal, caller.SessionId);
            var online = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetOnlineFriendsQuery(), lifetime.ApplicationStopping);
            connection.SendFirst(new OutboundFrame(Frame(new SocketFrames.OnlineFriends(online.OnlineFriends))));
        }
        catch (OperationCanceledException)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "Server is shutting down.");
        }
        catch (Exception ex) when (ProblemCodes.FromException(ex) is { } failure)
        {
            failures.Failure(failure, ex, "socket greeting");
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "Try again.");
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Greeting socket {SessionId} failed; closing it so the client reconnects", caller.SessionId);
            connection.Close(WebSocketCloseStatus.InternalServerError, "Try again.");
        }
    }
}
