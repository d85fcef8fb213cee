namespace Chat.Application.Common.Exceptions;

/// <summary>An expected failure with a stable <see cref="Code"/>; each transport maps it in one place.</summary>
public abstract class ChatApplicationException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
