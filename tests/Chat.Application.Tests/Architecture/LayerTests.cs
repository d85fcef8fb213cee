using System.Reflection;

namespace Chat.Application.Tests.Architecture;

/// <summary>The layer rule of docs/design.md, read from the compiled assemblies' references.</summary>
public sealed class LayerTests
{
    [Fact]
    public void The_domain_references_nothing_but_the_runtime()
    {
        var references = References(Assemblies.Domain);

        references.Should().NotBeEmpty();
        references.Where(name => name != "System" && !name.StartsWith("System.", StringComparison.Ordinal))
            .Should().BeEmpty("Chat.Domain holds entities and rules only: no project or package references");
    }

    [Fact]
    public void The_application_references_neither_infrastructure_nor_api()
    {
        References(Assemblies.Application).Should().NotContain([Assemblies.InfrastructureName, Assemblies.ApiName]);
        References(Assemblies.Application).Should().Contain(Assemblies.Domain.GetName().Name!);
    }

    [Fact]
    public void The_infrastructure_does_not_reference_the_api()
    {
        References(Assemblies.Infrastructure).Should().NotContain(Assemblies.ApiName);
        References(Assemblies.Infrastructure).Should().Contain(Assemblies.Application.GetName().Name!);
    }

    private static List<string> References(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name).OfType<string>().ToList();
}
