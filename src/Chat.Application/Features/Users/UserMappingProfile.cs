using AutoMapper;
using Chat.Domain.Users;

namespace Chat.Application.Features.Users;

internal sealed class UserMappingProfile : Profile
{
    public UserMappingProfile()
    {
        CreateMap<User, UserSummaryDto>();
        CreateMap<User, UserProfileDto>()
            .ForMember(d => d.IsOnline, o => o.Ignore())
            .ForMember(d => d.LastSeenAt, o => o.Ignore());
    }
}
