using System.Reflection;
using System.Text;
using Chat.Application.Common.Events;
using Chat.Application.Tests.Support;
using MediatR;

namespace Chat.Application.Tests.Architecture;

/// <summary>Every handler in Chat.Application has a handler test: a test class that says so with <see cref="CoversAttribute"/>.</summary>
public sealed class HandlerCoverageTests
{
    private static readonly Type[] HandlerInterfaces = [typeof(IRequestHandler<,>), typeof(IRequestHandler<>), typeof(IDomainEventHandler<>)];

    /// <summary>Request handlers (commands, queries) and domain-event handlers, by reflection over Chat.Application.</summary>
    public static IReadOnlyList<Type> HandlerTypes() =>
        typeof(Application.DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false })
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition())))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void The_scan_finds_request_and_domain_event_handlers()
    {
        var handlers = HandlerTypes();

        handlers.Should().Contain(typeof(Features.Messages.SendMessage.SendMessageCommandHandler));
        handlers.Should().Contain(typeof(Features.Messages.Events.MessageSentHandler));
    }

    [Fact]
    public void Every_handler_is_covered_by_a_test_class()
    {
        var covered = CoveringClasses().SelectMany(c => c.Handlers).ToHashSet();
        var missing = HandlerTypes().Where(h => !covered.Contains(h)).ToList();

        if (missing.Count > 0)
        {
            Assert.Fail(MissingMessage(missing));
        }
    }

    [Fact]
    public void Covers_names_only_handlers_and_sits_on_classes_with_tests()
    {
        var handlers = HandlerTypes().ToHashSet();
        var problems = new List<string>();
        foreach (var (testClass, named) in CoveringClasses())
        {
            problems.AddRange(named.Where(t => !handlers.Contains(t)).Select(t => $"{testClass.Name}: [Covers(typeof({t.Name}))] names a type that is not a handler of Chat.Application."));
            var hasTests = testClass.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());
            if (!hasTests)
            {
                problems.Add($"{testClass.Name} carries [Covers] but has no [Fact] or [Theory].");
            }
        }

        problems.Should().BeEmpty();
    }

    private static IEnumerable<(Type TestClass, IReadOnlyList<Type> Handlers)> CoveringClasses() =>
        typeof(HandlerCoverageTests).Assembly.GetTypes()
            .Select(t => (t, (IReadOnlyList<Type>)t.GetCustomAttributes<CoversAttribute>().SelectMany(a => a.Handlers).ToList()))
            .Where(x => x.Item2.Count > 0);

    /// <summary>Names each uncovered handler and says exactly what to add.</summary>
    private static string MissingMessage(IReadOnlyList<Type> missing)
    {
        var text = new StringBuilder();
        text.AppendLine($"{missing.Count} handler(s) in Chat.Application have no handler test:");
        foreach (var handler in missing)
        {
            text.AppendLine($"  - {handler.FullName}");
        }

        var example = missing[0];
        var area = example.Namespace?.Split('.').SkipWhile(p => p != "Features").Skip(1).FirstOrDefault() ?? "Common";
        text.AppendLine();
        text.AppendLine("Add a test class in tests/Chat.Application.Tests/<Area>/ (or extend one) that tests the handler — success path, each");
        text.AppendLine("refusal it owns (exception type and code), the rows it writes, the events and notifier payloads it raises — and");
        text.AppendLine("declare it with [Covers(typeof(...))] (several handlers per class are fine). For example:");
        text.AppendLine();
        text.AppendLine($"    // tests/Chat.Application.Tests/{area}/{example.Name.Replace("CommandHandler", string.Empty).Replace("QueryHandler", string.Empty).Replace("Handler", string.Empty)}Tests.cs");
        text.AppendLine($"    using {example.Namespace};");
        text.AppendLine("    using Chat.Application.Tests.Support;");
        text.AppendLine();
        text.AppendLine($"    [Covers(typeof({example.Name}))]");
        text.AppendLine($"    public sealed class {example.Name}Tests : HandlerTest");
        text.AppendLine("    {");
        text.AppendLine("        [Fact]");
        text.AppendLine("        public async Task Does_what_it_should()");
        text.AppendLine("        {");
        text.AppendLine("            var alice = await Given.UserAsync(\"alice\");");
        text.AppendLine("            var result = await SendAs(alice.Id, new SomeCommand(...));   // or Host.HandleAsync<,>(...), Host.PublishAsync(domainEvent)");
        text.AppendLine("            // assert the answer, Host.RowsAsync<T>(), Host.Raised<TEvent>(), Host.Published<TPayload>()");
        text.AppendLine("        }");
        text.AppendLine("    }");
        text.AppendLine();
        text.AppendLine("See docs/testing.md (\"Handler tests\") for the kit.");
        return text.ToString();
    }
}
