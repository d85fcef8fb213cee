namespace Chat.Application.Common.Exceptions;

public sealed class UnauthorizedException(string message, string code = "unauthorized") : ChatApplicationException(code, message);
