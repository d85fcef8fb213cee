namespace Chat.Application.Features.Attachments;

/// <summary>
/// Copies a JPEG without its APP1 segments — where Exif (camera, time, GPS position) and XMP metadata live — and
/// without comment (COM) segments. Segments before the first start-of-scan are walked one by one (ITU T.81 B.1.1.4);
/// from start-of-scan on the entropy-coded data is copied unchanged, so the picture itself is never re-encoded.
/// Returns false (and the output is unusable) when the file is not a well-formed segment sequence.
/// </summary>
public static class JpegMetadataFilter
{
    public static async Task<bool> CopyWithoutMetadataAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        if (await input.ReadAtLeastAsync(header.AsMemory(0, 2), 2, throwOnEndOfStream: false, cancellationToken) != 2 || header[0] != 0xFF || header[1] != 0xD8)
        {
            return false;
        }

        await output.WriteAsync(header.AsMemory(0, 2), cancellationToken);
        var segment = new byte[ushort.MaxValue];
        while (true)
        {
            if (await input.ReadAtLeastAsync(header.AsMemory(0, 2), 2, throwOnEndOfStream: false, cancellationToken) != 2 || header[0] != 0xFF)
            {
                return false;
            }

            var marker = header[1];
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                await output.WriteAsync(header.AsMemory(0, 2), cancellationToken);
                continue;
            }

            if (marker == 0xD9)
            {
                await output.WriteAsync(header.AsMemory(0, 2), cancellationToken);
                return true;
            }

            if (await input.ReadAtLeastAsync(header.AsMemory(2, 2), 2, throwOnEndOfStream: false, cancellationToken) != 2)
            {
                return false;
            }

            var length = (header[2] << 8) | header[3];
            if (length < 2 || await input.ReadAtLeastAsync(segment.AsMemory(0, length - 2), length - 2, throwOnEndOfStream: false, cancellationToken) != length - 2)
            {
                return false;
            }

            if (marker is 0xE1 or 0xFE)
            {
                continue;
            }

            await output.WriteAsync(header, cancellationToken);
            await output.WriteAsync(segment.AsMemory(0, length - 2), cancellationToken);
            if (marker == 0xDA)
            {
                await input.CopyToAsync(output, cancellationToken);
                return true;
            }
        }
    }
}
