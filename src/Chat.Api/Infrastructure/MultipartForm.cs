using System.Text;
using Chat.Application.Common.Exceptions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Chat.Api.Infrastructure;

/// <summary>
/// Reads a <c>multipart/form-data</c> body part by part with <see cref="MultipartReader"/>, straight from the request
/// stream: file parts are handed over as streams and never buffered whole; text fields are small and read into strings.
/// </summary>
internal sealed class MultipartForm
{
    /// <summary>Bytes of one text field (content is 4000 characters, so 64 KiB is ample).</summary>
    public const int TextFieldMaxBytes = 64 * 1024;

    private readonly MultipartReader _reader;

    private MultipartForm(MultipartReader reader) => _reader = reader;

    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reader over the request body; 400 when it is not multipart/form-data with a boundary.</summary>
    public static MultipartForm Open(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new BadRequestException("Send multipart/form-data.");
        }

        return new MultipartForm(new MultipartReader(boundary, request.Body) { BodyLengthLimit = null });
    }

    /// <summary>The next part: its form name, its file name when it is a file, and its body stream; null at the end.</summary>
    public async Task<Part?> NextAsync(CancellationToken cancellationToken)
    {
        MultipartSection? section;
        try
        {
            section = await _reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            throw new BadRequestException("The multipart body is malformed.");
        }

        if (section is null)
        {
            return null;
        }

        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequestException("Each part needs Content-Disposition: form-data.");
        }

        var fileName = disposition.IsFileDisposition() ? (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value) : null;
        return new Part(HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty, fileName, disposition.IsFileDisposition(), section.Body);
    }

    /// <summary>A multipart part. Read <see cref="Body"/> before asking for the next part.</summary>
    public sealed record Part(string Name, string? FileName, bool IsFile, Stream Body)
    {
        /// <summary>A text field as UTF-8; 413 past <see cref="TextFieldMaxBytes"/>.</summary>
        public async Task<string> ReadTextAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[TextFieldMaxBytes + 1];
            var read = await Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read > TextFieldMaxBytes)
            {
                throw new PayloadTooLargeException($"The field '{Name}' is larger than {TextFieldMaxBytes} bytes.");
            }

            return Encoding.UTF8.GetString(buffer, 0, read);
        }
    }
}
