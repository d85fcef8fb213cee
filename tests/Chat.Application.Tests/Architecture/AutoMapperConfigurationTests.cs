using AutoMapper;
using AutoMapper.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Architecture;

public sealed class AutoMapperConfigurationTests
{
    [Fact]
    public void Every_mapping_profile_of_the_application_is_valid()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        using var provider = services.BuildServiceProvider();
        var configuration = provider.GetRequiredService<IConfigurationProvider>();

        configuration.Invoking(c => c.AssertConfigurationIsValid()).Should().NotThrow();
        ((IGlobalConfiguration)configuration).GetAllTypeMaps().Should().NotBeEmpty("the application's profiles are found by the assembly scan");
    }
}
