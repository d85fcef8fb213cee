namespace Chat.Application.Common.Exceptions;

/// <summary>410: what was asked for existed but is gone for good (an export whose download link expired: <c>export_expired</c>).</summary>
public sealed class GoneException(string message, string code = "gone") : ChatApplicationException(code, message);
