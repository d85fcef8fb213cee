namespace Chat.Application.Common.Exceptions;

/// <summary>415 <c>unsupported_media_type</c>: the bytes are none of the allowed file types.</summary>
public sealed class UnsupportedMediaTypeException(string message) : ChatApplicationException("unsupported_media_type", message);
