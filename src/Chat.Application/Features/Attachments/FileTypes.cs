using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Chat.Application.Features.Attachments;

/// <summary>
/// Decides an upload's type from its bytes only (magic numbers), never from the client's header or file name
/// (issue 12). Allowed: PNG, JPEG, GIF, WebP, PDF, MP4, WebM, MP3, OGG, Office Open XML documents (a ZIP holding
/// <c>[Content_Types].xml</c>) and plain text (valid UTF-8, no NUL, no C0 control other than TAB, CR, LF, and not
/// markup: text whose first non-blank character is <c>&lt;</c> is refused, so HTML and SVG never get in).
/// </summary>
public static class FileTypes
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";
    public const string Pdf = "application/pdf";
    public const string Mp4 = "video/mp4";
    public const string WebM = "video/webm";
    public const string Mp3 = "audio/mpeg";
    public const string Ogg = "audio/ogg";
    public const string Text = "text/plain; charset=utf-8";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    private const int HeadLength = 64 * 1024;

    /// <summary>The type of the bytes of <paramref name="content"/> (seekable, read from its start), or null when not allowed.</summary>
    public static JudgedType? Judge(Stream content)
    {
        var head = new byte[(int)Math.Min(HeadLength, content.Length)];
        content.Position = 0;
        content.ReadExactly(head);
        var h = head.AsSpan();

        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return h.Length >= 24 ? new JudgedType(Png, ReadPositive(BinaryPrimitives.ReadInt32BigEndian(h[16..])), ReadPositive(BinaryPrimitives.ReadInt32BigEndian(h[20..]))) : new JudgedType(Png);
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            var (w, hh) = JpegSize(content);
            return new JudgedType(Jpeg, w, hh);
        }

        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8))
        {
            return h.Length >= 10 ? new JudgedType(Gif, BinaryPrimitives.ReadUInt16LittleEndian(h[6..]), BinaryPrimitives.ReadUInt16LittleEndian(h[8..])) : new JudgedType(Gif);
        }

        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WEBP"u8))
        {
            var (w, hh) = WebPSize(h);
            return new JudgedType(WebP, w, hh);
        }

        if (h.StartsWith("%PDF-"u8))
        {
            return new JudgedType(Pdf);
        }

        if (h.Length >= 12 && h[4..8].SequenceEqual("ftyp"u8))
        {
            return new JudgedType(Mp4);
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return new JudgedType(WebM);
        }

        if (h.StartsWith("OggS"u8))
        {
            return new JudgedType(Ogg);
        }

        if (h.StartsWith("ID3"u8) || (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0 && (h[1] & 0x06) != 0))
        {
            return new JudgedType(Mp3);
        }

        if (h.StartsWith("PK\x03\x04"u8))
        {
            return OfficeType(content) is { } office ? new JudgedType(office) : null;
        }

        return IsPlainText(content) ? new JudgedType(Text) : null;
    }

    private static int? ReadPositive(int value) => value > 0 ? value : null;

    /// <summary>The first start-of-frame segment gives height then width (ITU T.81 B.2.2).</summary>
    private static (int?, int?) JpegSize(Stream content)
    {
        content.Position = 2;
        var buffer = new byte[7];
        while (content.Position < content.Length)
        {
            if (content.ReadByte() != 0xFF)
            {
                return (null, null);
            }

            var marker = content.ReadByte();
            while (marker == 0xFF)
            {
                marker = content.ReadByte();
            }

            if (marker < 0 || marker == 0xD9 || marker == 0xDA)
            {
                return (null, null);
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue;
            }

            if (content.Read(buffer, 0, 2) != 2)
            {
                return (null, null);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (content.Read(buffer, 0, 5) != 5)
                {
                    return (null, null);
                }

                return (BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(1)));
            }

            if (length < 2)
            {
                return (null, null);
            }

            content.Position += length - 2;
        }

        return (null, null);
    }

    /// <summary>WebP: lossy (VP8), lossless (VP8L) and extended (VP8X) headers (RFC 9649).</summary>
    private static (int?, int?) WebPSize(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 30 && h[12..16].SequenceEqual("VP8 "u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(h[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(h[28..]) & 0x3FFF);
        }

        if (h.Length >= 25 && h[12..16].SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(h[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (h.Length >= 30 && h[12..16].SequenceEqual("VP8X"u8))
        {
            return ((h[24] | h[25] << 8 | h[26] << 16) + 1, (h[27] | h[28] << 8 | h[29] << 16) + 1);
        }

        return (null, null);
    }

    private static string? OfficeType(Stream content)
    {
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (!names.Contains("[Content_Types].xml"))
            {
                return null;
            }

            return names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)) ? Docx
                : names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)) ? Xlsx
                : names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal)) ? Pptx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Valid UTF-8 all through (checked in blocks, so memory stays flat), no NUL or other C0 control but TAB, CR, LF, and not markup.</summary>
    private static bool IsPlainText(Stream content)
    {
        content.Position = 0;
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[bytes.Length + 4];
        var sawText = false;
        try
        {
            int read;
            do
            {
                read = content.Read(bytes, 0, bytes.Length);
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                foreach (var c in chars.AsSpan(0, count))
                {
                    if (c < 0x20 && c is not '\t' and not '\r' and not '\n')
                    {
                        return false;
                    }

                    if (!sawText && !char.IsWhiteSpace(c) && c != '\uFEFF')
                    {
                        if (c == '<')
                        {
                            return false;
                        }

                        sawText = true;
                    }
                }
            }
            while (read > 0);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return true;
    }
}
