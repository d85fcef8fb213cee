namespace Chat.Infrastructure.RateLimiting;

/// <summary>One named policy, <c>Chat:RateLimits:&lt;Name&gt;:PermitLimit</c> per <c>…:WindowSeconds</c>; a limit of 0 turns it off.</summary>
public sealed record RateLimitPolicy(string Name, int PermitLimit, int WindowSeconds)
{
    public bool Enabled => PermitLimit > 0 && WindowSeconds > 0;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
