using System.Reflection;

namespace Chat.Application.Tests.Architecture;

internal static class Assemblies
{
    public const string InfrastructureName = "Chat.Infrastructure";
    public const string ApiName = "Chat.Api";

    public static Assembly Domain => typeof(Domain.Common.Entity).Assembly;

    public static Assembly Application => typeof(Application.DependencyInjection).Assembly;

    public static Assembly Infrastructure => typeof(Infrastructure.DependencyInjection).Assembly;

    public static IEnumerable<Type> ConcreteTypes(Assembly assembly) =>
        assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false));

    public static bool IsInternal(Type type) => type.IsNested ? !type.IsNestedPublic && !type.IsNestedFamily && !type.IsNestedFamORAssem : type.IsNotPublic;

    public static bool Implements(Type type, Type openGenericInterface) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGenericInterface);

    public static bool DerivesFrom(Type type, Type openGenericBase)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == openGenericBase)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records carry a compiler-generated <c>&lt;Clone&gt;$</c> method.</summary>
    public static bool IsRecord(Type type) => type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    public static string Describe(Type type) => type.FullName ?? type.Name;
}
