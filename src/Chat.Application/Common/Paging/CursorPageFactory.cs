namespace Chat.Application.Common.Paging;

/// <summary>Builds a page from rows fetched with <c>Take(limit + 1)</c>: the extra row only says that another page exists.</summary>
public static class CursorPage
{
    public static CursorPage<TItem> FromRows<TRow, TItem>(IReadOnlyList<TRow> rows, int limit, Func<TRow, TItem> item, Func<TRow, string> cursorOf)
    {
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? cursorOf(page[^1]) : null;
        return new CursorPage<TItem>(page.Select(item).ToList(), next);
    }

    public static CursorPage<T> FromRows<T>(IReadOnlyList<T> rows, int limit, Func<T, string> cursorOf) =>
        FromRows(rows, limit, row => row, cursorOf);
}
