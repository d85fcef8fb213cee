namespace Chat.Domain.Conversations;

/// <summary>A participant's role: groups have one owner; direct conversations have members only.</summary>
public enum ParticipantRole
{
    Owner,
    Member,
}
