using System.Threading.Channels;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// The node's one send writer (group commit, docs/decisions/0013-group-commit.md). Sends wait in a bounded queue; the
/// writer takes everything waiting (up to <see cref="SendingOptions.MaxBatchSize"/>, of one conversation or many) and
/// stores it in one transaction (<see cref="MessageBatchStore"/>), then answers each send. While one batch commits,
/// the next fills, so the batch grows with the load and a busy conversation moves at the speed of whole batches.
/// A batch whose transaction fails as a whole (a database error, a lost attachment claim) is stored again one send at
/// a time, so only the send at fault fails. A full queue refuses the send with <see cref="RateLimitedException"/>.
/// </summary>
internal sealed class MessageWriter : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(30);

    private readonly Channel<QueuedSend> _queue;
    private readonly IWriterScopes _scopes;
    private readonly int _maxBatchSize;
    private readonly ILogger<MessageWriter> _logger;
    private readonly Task _loop;
    private long _batches;
    private long _accepted;

    public MessageWriter(IWriterScopes scopes, SendingOptions options, ILogger<MessageWriter> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _maxBatchSize = Math.Max(1, options.MaxBatchSize);
        _queue = Channel.CreateBounded<QueuedSend>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Sends waiting for the writer now (not counting the batch being committed).</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Sends queued so far (refused ones not counted).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Batches committed or refused so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Queues <paramref name="send"/> and waits until it is committed. Throws <see cref="RateLimitedException"/> at once
    /// when the queue is full, or the send's own refusal. A send that was queued is written even if
    /// <paramref name="cancellationToken"/> fires while it waits (a retry with its client id then answers it).
    /// </summary>
    public Task<SendOutcome> WriteAsync(QueuedSend send, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(send))
        {
            throw new RateLimitedException(SendingOptions.RetryAfterSeconds);
        }

        Interlocked.Increment(ref _accepted);
        return send.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // What was queued is still written (each was promised an answer); then the loop ends.
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(DrainPatience).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait(DrainPatience);
    }

    private async Task RunAsync()
    {
        var batch = new List<QueuedSend>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var send))
            {
                batch.Add(send);
            }

            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never leave a sender waiting, and never let the loop die.
                _logger.LogError(e, "The send writer failed on a batch of {Count} sends", batch.Count);
                batch.ForEach(s => s.Completion.TrySetException(e));
            }

            Interlocked.Increment(ref _batches);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<QueuedSend> batch)
    {
        try
        {
            await StoreAsync(batch).ConfigureAwait(false);
        }
        catch (Exception e) when (batch.Count > 1 && e is not OperationCanceledException)
        {
            _logger.LogWarning("A batch of {Count} sends failed as a whole ({Reason}); storing them one at a time", batch.Count, e.GetType().Name);
            foreach (var send in batch)
            {
                try
                {
                    await StoreAsync([send]).ConfigureAwait(false);
                }
                catch (Exception alone)
                {
                    send.Completion.TrySetException(alone);
                }
            }
        }
        catch (Exception e)
        {
            batch[0].Completion.TrySetException(e);
        }
    }

    /// <summary>
    /// One transaction for <paramref name="sends"/> in a scope of its own (on the writer's own connection,
    /// <see cref="IWriterScopes"/>), then the answers. A batch of one is retried
    /// when a unique key refused it (a send of another node took the client id first: the retry answers with that one).
    /// </summary>
    private async Task StoreAsync(IReadOnlyList<QueuedSend> sends)
    {
        await using var scope = _scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<MessageBatchStore>();
        var results = sends.Count == 1
            ? await ConcurrencyRetry.RunAsync(scope.ServiceProvider.GetRequiredService<IChatDbContext>(), ct => store.StoreAsync(sends, ct), CancellationToken.None)
            : await store.StoreAsync(sends, CancellationToken.None);
        for (var i = 0; i < sends.Count; i++)
        {
            switch (results[i])
            {
                case SendOutcome outcome:
                    sends[i].Completion.TrySetResult(outcome);
                    break;
                case Exception refusal:
                    sends[i].Completion.TrySetException(refusal);
                    break;
            }
        }
    }
}
