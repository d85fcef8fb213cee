namespace Chat.Domain.Common;

/// <summary>Ids are UUID version 7, so they sort by creation time.</summary>
public static class Ids
{
    public static Guid New() => Guid.CreateVersion7();
}
