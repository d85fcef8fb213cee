namespace Chat.Application.Common.Interfaces;

/// <summary>Links the API hands out (e.g. <c>Invite.url</c>): absolute under <c>Chat:PublicUrl</c> when it is set, else site-relative.</summary>
public interface IPublicLinks
{
    /// <summary><paramref name="path"/> (starting with <c>/</c>) made absolute with the public URL's base, or returned unchanged without one.</summary>
    string Link(string path);
}
