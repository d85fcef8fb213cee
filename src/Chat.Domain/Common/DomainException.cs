namespace Chat.Domain.Common;

/// <summary>A broken business rule, with a stable machine-readable <see cref="Code"/> (for example <c>blocked</c>).</summary>
public sealed class DomainException(string code, string message, DomainErrorKind kind) : Exception(message)
{
    public string Code { get; } = code;

    public DomainErrorKind Kind { get; } = kind;
}
