using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Tests.Architecture;

/// <summary>The naming and sealing conventions of docs/design.md, kept true by reflection.</summary>
public sealed class ConventionTests
{
    [Fact]
    public void Request_handlers_are_internal_sealed_and_named_Handler()
    {
        var handlers = Assemblies.ConcreteTypes(Assemblies.Application).Where(t => Assemblies.Implements(t, typeof(IRequestHandler<,>))).ToList();

        handlers.Should().NotBeEmpty();
        handlers.Where(t => !Assemblies.IsInternal(t) || !t.IsSealed).Select(Assemblies.Describe).Should().BeEmpty("handlers are internal sealed");
        handlers.Where(t => !t.Name.EndsWith("Handler", StringComparison.Ordinal)).Select(Assemblies.Describe).Should().BeEmpty("handlers are named …Handler");
    }

    [Fact]
    public void Validators_are_internal_sealed_and_named_Validator()
    {
        var validators = Assemblies.ConcreteTypes(Assemblies.Application).Where(t => Assemblies.DerivesFrom(t, typeof(AbstractValidator<>))).ToList();

        validators.Should().NotBeEmpty();
        validators.Where(t => !Assemblies.IsInternal(t) || !t.IsSealed).Select(Assemblies.Describe).Should().BeEmpty("validators are internal sealed");
        validators.Where(t => !t.Name.EndsWith("Validator", StringComparison.Ordinal)).Select(Assemblies.Describe).Should().BeEmpty("validators are named …Validator");
    }

    [Fact]
    public void Commands_and_queries_are_sealed_records_named_Command_or_Query()
    {
        var requests = Assemblies.ConcreteTypes(Assemblies.Application).Where(t => Assemblies.Implements(t, typeof(IRequest<>))).ToList();

        requests.Should().NotBeEmpty();
        requests.Where(t => !Assemblies.IsRecord(t) || !t.IsSealed).Select(Assemblies.Describe).Should().BeEmpty("commands and queries are immutable sealed records");
        requests.Where(t => !t.Name.EndsWith("Command", StringComparison.Ordinal) && !t.Name.EndsWith("Query", StringComparison.Ordinal))
            .Select(Assemblies.Describe)
            .Should().BeEmpty("requests are named …Command or …Query");
    }

    [Fact]
    public void Entity_type_configurations_are_internal_sealed_and_named_Configuration()
    {
        var configurations = Assemblies.ConcreteTypes(Assemblies.Infrastructure).Where(t => Assemblies.Implements(t, typeof(IEntityTypeConfiguration<>))).ToList();

        configurations.Should().NotBeEmpty();
        configurations.Where(t => !Assemblies.IsInternal(t) || !t.IsSealed).Select(Assemblies.Describe).Should().BeEmpty("configurations are internal sealed");
        configurations.Where(t => !t.Name.EndsWith("Configuration", StringComparison.Ordinal)).Select(Assemblies.Describe)
            .Should().BeEmpty("configurations are named …Configuration");
    }
}
