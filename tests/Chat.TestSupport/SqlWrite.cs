namespace Chat.TestSupport;

/// <summary>One writing statement: its verb (<c>INSERT INTO</c>, <c>UPDATE</c>, <c>DELETE FROM</c>) and table.</summary>
public sealed record SqlWrite(string Verb, string Table)
{
    public override string ToString() => $"{Verb} {Table}";
}
