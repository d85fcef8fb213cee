namespace Chat.Application.Common.Exceptions;

public sealed class ForbiddenException(string message, string code = "forbidden") : ChatApplicationException(code, message);
