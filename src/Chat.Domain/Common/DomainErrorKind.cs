namespace Chat.Domain.Common;

/// <summary>What kind of refusal a domain rule makes; each transport maps it to its own answer (HTTP status, socket error).</summary>
public enum DomainErrorKind
{
    /// <summary>The request makes no sense (for example, befriending yourself): 400.</summary>
    BadRequest,
    /// <summary>Not allowed for this user: 403.</summary>
    Forbidden,
    /// <summary>The thing does not exist (or may not be revealed): 404.</summary>
    NotFound,
    /// <summary>Conflicts with the current state: 409.</summary>
    Conflict,
    /// <summary>Well-formed but invalid values: 422.</summary>
    Invalid,
}
