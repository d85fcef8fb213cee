using System.IO.Compression;
using System.Text;
using Chat.Application.Features.Attachments;

namespace Chat.Application.Tests.Attachments;

public sealed class FileTypesTests
{
    public static TheoryData<string, byte[], string?> Samples => new()
    {
        { "gif", [.. "GIF89a"u8, 0x20, 0x00, 0x10, 0x00, 0, 0], FileTypes.Gif },
        { "pdf", "%PDF-1.4 body"u8.ToArray(), FileTypes.Pdf },
        { "mp4", [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 0, 0], FileTypes.Mp4 },
        { "webm", [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42], FileTypes.WebM },
        { "ogg", "OggS\0\u0002"u8.ToArray(), FileTypes.Ogg },
        { "mp3 id3", "ID3\u0004\0\0"u8.ToArray(), FileTypes.Mp3 },
        { "text", "Hello,\tworld\r\nÜnïcödé"u8.ToArray(), FileTypes.Text },
        { "html", "\n  <html><body>x</body></html>"u8.ToArray(), null },
        { "xml", "<?xml version=\"1.0\"?><svg/>"u8.ToArray(), null },
        { "bell", "ring\u0007"u8.ToArray(), null },
        { "latin1", [0x48, 0xE9, 0x6C, 0x6C, 0x6F], null },
        { "exe", [0x4D, 0x5A, 0x90, 0x00], null },
        { "zip without content types", Zip("readme.txt"), null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Types_come_from_magic_numbers(string kind, byte[] bytes, string? expected) =>
        FileTypes.Judge(new MemoryStream(bytes))?.ContentType.Should().Be(expected, kind);

    [Fact]
    public void Office_documents_are_zips_with_content_types_and_webp_gives_its_size()
    {
        FileTypes.Judge(new MemoryStream(Zip("[Content_Types].xml", "word/document.xml")))!.ContentType.Should().Be(FileTypes.Docx);
        FileTypes.Judge(new MemoryStream(Zip("[Content_Types].xml", "xl/workbook.xml")))!.ContentType.Should().Be(FileTypes.Xlsx);
        var webp = new byte[30];
        "RIFF"u8.CopyTo(webp);
        "WEBPVP8X"u8.CopyTo(webp.AsSpan(8));
        webp[24] = 99; // width - 1 = 99
        webp[27] = 49; // height - 1 = 49
        FileTypes.Judge(new MemoryStream(webp)).Should().Be(new JudgedType(FileTypes.WebP, 100, 50));
    }

    [Fact]
    public async Task Jpeg_filter_drops_app1_and_comments_and_keeps_the_scan()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE1, 0, 8, .. "Exif\0\0"u8, 0xFF, 0xFE, 0, 5, .. "GPS"u8, 0xFF, 0xDA, 0, 2, .. "scan"u8, 0xFF, 0xD9];
        var output = new MemoryStream();

        (await JpegMetadataFilter.CopyWithoutMetadataAsync(new MemoryStream(jpeg), output, CancellationToken.None)).Should().BeTrue();

        output.ToArray().Should().Equal([0xFF, 0xD8, 0xFF, 0xDA, 0, 2, .. "scan"u8, 0xFF, 0xD9]);
        (await JpegMetadataFilter.CopyWithoutMetadataAsync(new MemoryStream([0xFF, 0xD8, 0xFF, 0xE1, 0, 40]), new MemoryStream(), CancellationToken.None)).Should().BeFalse();
    }

    private static byte[] Zip(params string[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open(), Encoding.UTF8);
                writer.Write("x");
            }
        }

        return buffer.ToArray();
    }
}
