namespace Chat.Application.Common.Exceptions;

public sealed class ConflictException(string message, string code = "conflict") : ChatApplicationException(code, message);
