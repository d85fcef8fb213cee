namespace Chat.Application.Common.Exceptions;

/// <summary>Field values failed validation; <see cref="Errors"/> is keyed by camelCase field name.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : ChatApplicationException("validation_failed", "One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
