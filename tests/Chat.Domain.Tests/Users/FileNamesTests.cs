using Chat.Domain.Attachments;

namespace Chat.Domain.Tests.Users;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\photo.jpg", "photo.jpg")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("tab\tand\nnewline.txt", "tab and newline.txt")]
    [InlineData("   ", "file")]
    [InlineData("..", "file")]
    [InlineData(null, "file")]
    public void Names_lose_path_parts_controls_and_bidi_overrides(string? name, string expected) =>
        FileNames.Sanitize(name).Should().Be(expected);

    [Fact]
    public void Names_are_cut_to_the_limit_in_code_points_without_splitting_a_surrogate_pair()
    {
        var name = new string('a', AttachmentLimits.FileNameMaxLength - 1) + "😀.txt";

        var sanitized = FileNames.Sanitize(name);

        sanitized.Should().Be(new string('a', AttachmentLimits.FileNameMaxLength - 1) + "😀");
        Chat.Domain.Common.UnicodeText.CodePoints(sanitized).Should().Be(AttachmentLimits.FileNameMaxLength);
    }

    [Fact]
    public void A_name_of_emoji_keeps_255_of_them_not_127()
    {
        var sanitized = FileNames.Sanitize(string.Concat(Enumerable.Repeat("😀", 300)));

        sanitized.Should().Be(string.Concat(Enumerable.Repeat("😀", AttachmentLimits.FileNameMaxLength)));
        sanitized.Length.Should().Be(2 * AttachmentLimits.FileNameMaxLength);
    }
}
