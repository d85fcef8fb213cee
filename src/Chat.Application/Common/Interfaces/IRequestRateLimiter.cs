namespace Chat.Application.Common.Interfaces;

/// <summary>Per-user token buckets for the named policies of spec/README.md (SendMessage, CreateConversation, …).</summary>
public interface IRequestRateLimiter
{
    /// <summary>Takes one permit; returns null when granted, else the seconds to wait.</summary>
    int? TryAcquire(string policy, string partitionKey);
}
