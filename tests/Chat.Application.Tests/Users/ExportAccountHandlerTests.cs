using System.IO.Compression;
using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users.ExportAccount;
using Chat.Application.Tests.Support;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Users;

/// <summary>The export archive: the caller's items of every kind, their own messages only, paged past one page.</summary>
[Covers(typeof(ExportAccountCommandHandler))]
public sealed class ExportAccountHandlerTests : HandlerTest
{
    private User _me = null!;
    private User _friend = null!;

    protected override void Configure(IServiceCollection services) => services.AddSingleton(Substitute.For<IFileStore>());

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("me", "friend", "blocked");
        (_me, _friend) = (users[0], users[1]);
        await Given.FriendsAsync(_me, _friend);
        await Given.BlockAsync(_me, users[2]);
    }

    [Fact]
    public async Task Every_own_message_is_written_across_pages_and_nobody_elses()
    {
        var direct = await Given.DirectAsync(_me, _friend);
        var mine = new List<Guid>();
        for (var i = 0; i < 501; i++)
        {
            mine.Add((await Given.MessageAsync(direct.Id, _me, $"mine {i}")).Id);
        }

        await Given.MessageAsync(direct.Id, _friend, "theirs");
        using var archive = new MemoryStream();

        var summary = await SendAs(_me.Id, new ExportAccountCommand(archive));

        summary.Should().Be(new ExportSummary(501, 0));
        archive.Position = 0;
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).Should().BeEquivalentTo(["profile.json", "friends.json", "blocks.json", "rooms.json", "conversations.json", "messages.json"]);
        using var messages = JsonDocument.Parse(zip.GetEntry("messages.json")!.Open());
        messages.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Should().BeEquivalentTo(mine);
        using var friends = JsonDocument.Parse(zip.GetEntry("friends.json")!.Open());
        friends.RootElement.EnumerateArray().Single().GetProperty("userId").GetGuid().Should().Be(_friend.Id);
    }
}
