using System.Buffers.Text;
using System.Text;
using Chat.Application.Common.Exceptions;

namespace Chat.Application.Common.Paging;

/// <summary>Opaque cursors: a base64url string the client hands back unchanged.</summary>
public static class Cursor
{
    public static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new BadRequestException("The cursor is not valid.");
        }
    }
}
