namespace Chat.Application.Common.Interfaces;

/// <summary>One view of an event and the users who get it.</summary>
/// <param name="UserIds">Every socket of these users (but the excepted one) receives…</param>
/// <param name="Event">…this event, serialized once (an object with a <c>type</c>, camelCase).</param>
public sealed record PushView(IReadOnlyList<Guid> UserIds, object Event);
