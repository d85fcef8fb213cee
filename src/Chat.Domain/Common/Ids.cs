namespace Chat.Domain.Common;

/// <summary>
/// Ids are UUID version 7, so they sort by creation time. The demo seed may plan the ids its users, conversations and
/// room get (README "Demo data" documents them so snippets can use them); nothing else plans ids.
/// </summary>
public static class Ids
{
    private static readonly AsyncLocal<Dictionary<Type, Queue<Guid>>?> Plan = new();

    public static Guid New() => Guid.CreateVersion7();

    /// <summary>
    /// The id for a new <typeparamref name="T"/> made by its factory: the next planned one in this async flow, if any,
    /// else a new UUID v7. Factories call it (not constructors), so entities loaded from the database never take a plan.
    /// </summary>
    public static Guid NewFor<T>() where T : Entity =>
        Plan.Value is { } plan && plan.TryGetValue(typeof(T), out var queue) && queue.TryDequeue(out var id) ? id : New();

    /// <summary>
    /// Until disposed, the next <typeparamref name="T"/>s created in this async flow (and the calls it awaits) take
    /// <paramref name="ids"/> in order. Plans for several types can be open at once.
    /// </summary>
    public static IDisposable Planned<T>(params Guid[] ids) where T : Entity
    {
        var previous = Plan.Value;
        var plan = previous is null ? [] : new Dictionary<Type, Queue<Guid>>(previous);
        plan[typeof(T)] = new Queue<Guid>(ids);
        Plan.Value = plan;
        return new Restore(() => Plan.Value = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
