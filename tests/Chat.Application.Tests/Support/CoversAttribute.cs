namespace Chat.Application.Tests.Support;

/// <summary>
/// Declares which handlers (request handlers and domain-event handlers of Chat.Application) a test class tests.
/// <see cref="Architecture.HandlerCoverageTests"/> fails for any handler that no test class names here.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CoversAttribute(params Type[] handlers) : Attribute
{
    public IReadOnlyList<Type> Handlers { get; } = handlers;
}
