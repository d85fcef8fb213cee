using Chat.Domain.Common;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users.SearchUsers;

internal sealed class SearchUsersQueryHandler(IChatDbContext db, IMapper mapper)
    : IRequestHandler<SearchUsersQuery, CursorPage<UserSummaryDto>>
{
    public async Task<CursorPage<UserSummaryDto>> Handle(SearchUsersQuery request, CancellationToken cancellationToken)
    {
        var limit = PageLimits.Normalize(request.Limit);
        var query = db.Set<User>().AsNoTracking().Where(u => u.DeletedAt == null);

        var search = UnicodeText.FoldForSearch(request.Search?.Trim());
        if (!string.IsNullOrEmpty(search))
        {
            query = query.Where(u => u.NormalizedUsername.StartsWith(search) || u.NormalizedDisplayName.StartsWith(search));
        }

        var after = Cursor.Decode(request.Cursor);
        if (after is not null)
        {
            query = query.Where(u => string.Compare(u.NormalizedUsername, after) > 0);
        }

        var rows = await query
            .OrderBy(u => u.NormalizedUsername)
            .Take(limit + 1)
            .ProjectTo<UserSummaryDto>(mapper.ConfigurationProvider)
            .ToListAsync(cancellationToken);

        return CursorPage.FromRows(rows, limit, u => Cursor.Encode(User.Normalize(u.Username)));
    }
}
