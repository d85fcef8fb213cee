using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Admin.BanFromRoom;

/// <summary>
/// A global administrator bans a user from any room without being a member: a member loses the membership (and hears
/// <c>member_left</c> with reason <c>banned</c>); a non-member is banned ahead of time; the owner cannot be banned
/// (403 <c>role_too_low</c>). 404 for an unknown room or user.
/// </summary>
public sealed record BanFromRoomCommand(Guid RoomId, Guid UserId, string? Reason) : IRequest<MediatR.Unit>, IAdministratorRequest;
