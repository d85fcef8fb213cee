namespace Chat.Application.Common.Exceptions;

public sealed class BadRequestException(string message, string code = "bad_request") : ChatApplicationException(code, message);
