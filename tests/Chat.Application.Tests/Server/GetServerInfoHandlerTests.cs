using Chat.Application.Features.Server;
using Chat.Application.Features.Server.GetServerInfo;
using Chat.Application.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Server;

[Covers(typeof(GetServerInfoQueryHandler))]
public sealed class GetServerInfoHandlerTests : HandlerTest
{
    protected override void Configure(IServiceCollection services) => services
        .AddSingleton(new ServerIdentity("Team chat", "1.2.3"))
        .AddServerFeature(ServerFeatures.Realtime)
        .AddServerFeature(ServerFeatures.Realtime);

    [Fact]
    public async Task Lists_the_name_the_version_and_each_registered_feature_once_in_order()
    {
        var caller = await Given.UserAsync();

        var info = await SendAs(caller.Id, new GetServerInfoQuery());

        info.Name.Should().Be("Team chat");
        info.Version.Should().Be("1.2.3");
        info.Features.Should().Equal("accounts", "conversations", "friends", "realtime", "rooms");
    }

    [Fact]
    public async Task A_feature_is_listed_only_when_its_module_registered_it()
    {
        await using var with = await ApplicationTestHost.CreateAsync(services => services
            .AddSingleton(new ServerIdentity("Chat", "1.0.0"))
            .AddServerFeature(ServerFeatures.Attachments));
        var caller = await Given.UserAsync();

        (await SendAs(caller.Id, new GetServerInfoQuery())).Features.Should().NotContain(ServerFeatures.Attachments);
        (await with.SendAsync(new GetServerInfoQuery())).Features.Should().Contain(ServerFeatures.Attachments);
    }
}
