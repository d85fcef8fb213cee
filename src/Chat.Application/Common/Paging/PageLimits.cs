namespace Chat.Application.Common.Paging;

/// <summary>Page sizes of spec/README.md: default 50, at most 100.</summary>
public static class PageLimits
{
    public const int Default = 50;
    public const int Max = 100;

    public static int Normalize(int? limit) => limit is null or <= 0 ? Default : Math.Min(limit.Value, Max);
}
