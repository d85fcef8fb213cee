namespace Chat.Domain.Common;

/// <summary>A past-tense fact recorded by an entity; holds ids and values, never entities.</summary>
public interface IDomainEvent;
