using Chat.Domain.Common;
using Chat.Domain.Users;

namespace Chat.Domain.Tests.Users;

public sealed class UserTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_registered_user_gets_a_version_7_id_a_normalized_name_and_a_display_name()
    {
        var user = User.Register("Alice.W", null, "hash", Now);

        user.Id.Version.Should().Be(7);
        user.NormalizedUsername.Should().Be("alice.w");
        user.DisplayName.Should().Be("Alice.W");
        user.CreatedAt.Should().Be(Now);
    }

    [Fact]
    public void Updating_a_profile_changes_only_given_fields_and_empty_strings_clear_optional_ones()
    {
        var user = User.Register("bob", "Bob", "hash", Now);
        user.UpdateProfile(null, "https://example.com/b.png", "Hi");

        user.UpdateProfile(" Robert ", null, string.Empty);

        user.DisplayName.Should().Be("Robert");
        user.AvatarUrl.Should().Be("https://example.com/b.png");
        user.Bio.Should().BeNull();
    }

    [Fact]
    public void A_blank_display_name_is_refused()
    {
        var user = User.Register("carol", null, "hash", Now);

        var act = () => user.UpdateProfile("   ", null, null);

        act.Should().Throw<DomainException>().Which.Kind.Should().Be(DomainErrorKind.Invalid);
    }
}
