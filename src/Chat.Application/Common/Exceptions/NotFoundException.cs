namespace Chat.Application.Common.Exceptions;

public sealed class NotFoundException(string message, string code = "not_found") : ChatApplicationException(code, message);
