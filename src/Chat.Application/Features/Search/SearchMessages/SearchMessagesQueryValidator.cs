using Chat.Application.Common.Validation;
using Chat.Application.Common.Search;
using FluentValidation;

namespace Chat.Application.Features.Search.SearchMessages;

internal sealed class SearchMessagesQueryValidator : AbstractValidator<SearchMessagesQuery>
{
    public const int QueryMaxLength = 200;
    public const int MaxWords = 10;

    public SearchMessagesQueryValidator()
    {
        RuleFor(q => q.Q)
            .Must(q => !string.IsNullOrWhiteSpace(q)).WithMessage("Search text is required.")
            .MaxCodePoints(QueryMaxLength)
            .Must(q => TextFolding.Tokenize(q).Count > 0).WithMessage("Search text needs at least one letter or digit.")
            .Must(q => TextFolding.Tokenize(q).Select(t => t.Folded).Distinct().Count() <= MaxWords).WithMessage($"Search at most {MaxWords} words at once.");
    }
}
