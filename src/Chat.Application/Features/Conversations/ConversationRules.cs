using Chat.Application.Common.Validation;
using Chat.Domain.Conversations;
using FluentValidation;

namespace Chat.Application.Features.Conversations;

/// <summary>Shape rules of conversation fields (spec/README.md "Limits"), shared by the validators.</summary>
internal static class ConversationRules
{
    public static IRuleBuilderOptions<T, string?> ValidTitle<T>(this IRuleBuilder<T, string?> rule) => rule
        .VisibleName("Title", ConversationLimits.TitleMaxLength);

    /// <summary>User ids to add to a group: present, no empty id, no more than a group can hold besides its owner.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> ValidMemberIds<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> rule) => rule
        .NotNull().WithMessage("Member ids are required.")
        .Must(ids => ids is null || ids.Count < ConversationLimits.MaxGroupMembers)
        .WithMessage($"A group holds at most {ConversationLimits.MaxGroupMembers} members, its owner included.")
        .Must(ids => ids is null || !ids.Contains(Guid.Empty)).WithMessage("Member ids must be user ids.");
}
