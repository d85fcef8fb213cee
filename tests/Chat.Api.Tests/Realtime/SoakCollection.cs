namespace Chat.Api.Tests.Realtime;

/// <summary>Runs <see cref="SoakTests"/> on its own, not beside other test classes.</summary>
[CollectionDefinition(SoakTests.Name, DisableParallelization = true)]
public sealed class SoakCollection;
