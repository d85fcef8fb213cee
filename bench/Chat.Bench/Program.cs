using Chat.Bench;

// dotnet run -c Release --project bench/Chat.Bench -- search --provider sqlite --messages 1000000
// dotnet run -c Release --project bench/Chat.Bench -- search --provider postgres --connection "Host=...;Database=postgres" --messages 1000000
// dotnet run -c Release --project bench/Chat.Bench -- files --api src/Chat.Api/bin/Release/net10.0/Chat.Api.dll --mib 20
var options = BenchOptions.Parse(args);
return options.Command switch
{
    "search" => await SearchBench.RunAsync(options),
    "files" => await FileBench.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Chat.Bench search [--provider sqlite|postgres] [--connection <postgres server>] [--messages N] [--queries N] [--batch N] [--keep true] [--reuse <kept directory or database>]");
    Console.Error.WriteLine("       Chat.Bench files --api <Chat.Api.dll> [--mib 20] [--rounds 5]");
    return 2;
}
