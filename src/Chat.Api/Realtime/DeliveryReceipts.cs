using System.Collections.Concurrent;
using System.Security.Claims;
using Chat.Api.Errors;
using Chat.Api.Services;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations.MarkDelivered;
using MediatR;

namespace Chat.Api.Realtime;

/// <summary>
/// Moves delivered markers when a message push has been written to one of the recipient's sockets: the socket's writer
/// reports the push's receipt here, and a worker sends <see cref="MarkDeliveredCommand"/> as that recipient (the
/// sender of a direct message then hears <c>message_delivered</c>). Reports are merged per recipient and conversation
/// (only the highest seq matters), so a burst of messages costs one marker update, and memory stays bounded by the
/// pairs waiting, never by the number of messages.
/// </summary>
internal sealed class DeliveryReceipts(IServiceScopeFactory scopes, ILogger<DeliveryReceipts> logger, FailureLog failures) : BackgroundService
{
    private readonly ConcurrentDictionary<(Guid UserId, Guid ConversationId), Pending> _pending = new();
    private readonly SemaphoreSlim _signal = new(0);

    /// <summary>Pairs whose marker has not been moved yet (for tests and diagnostics).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>A push carrying <paramref name="receipt"/> was written to a socket of <paramref name="userId"/>.</summary>
    public void Delivered(Guid userId, Guid sessionId, DeliveryReceipt receipt)
    {
        if (userId == receipt.SenderId)
        {
            return; // the sender's own other devices
        }

        var added = false;
        _pending.AddOrUpdate(
            (userId, receipt.ConversationId),
            _ =>
            {
                added = true;
                return new Pending(receipt.Seq, sessionId);
            },
            (_, existing) => existing.Seq >= receipt.Seq ? existing : new Pending(receipt.Seq, sessionId));
        if (added)
        {
            _signal.Release();
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _signal.WaitAsync(stoppingToken);
                foreach (var key in _pending.Keys)
                {
                    if (_pending.TryRemove(key, out var pending))
                    {
                        await MarkAsync(key.UserId, key.ConversationId, pending, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a marker not moved now moves with the next push or history fetch.
        }
    }

    private async Task MarkAsync(Guid userId, Guid conversationId, Pending pending, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var recipient = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", userId.ToString())], "socket", "unique_name", "role"));
            scope.ServiceProvider.GetRequiredService<CurrentUser>().UseSocketCaller(recipient, pending.SessionId);
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new MarkDeliveredCommand(conversationId, pending.Seq), stoppingToken);
        }
        catch (ChatApplicationException ex)
        {
            // For example, the recipient left the conversation meanwhile (not_a_participant).
            logger.LogInformation("Delivered marker of user {UserId} in conversation {ConversationId} not moved: {Code}", userId, conversationId, ex.Code);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ProblemCodes.FromException(ex) is { } failure)
        {
            failures.Failure(failure, ex, "delivery receipts");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Moving the delivered marker of user {UserId} in conversation {ConversationId} failed", userId, conversationId);
        }
    }

    private sealed record Pending(long Seq, Guid SessionId);
}
