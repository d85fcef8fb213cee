using MediatR;

namespace Chat.Application.Features.Rooms.AcceptRoomInvite;

/// <summary>Joins the room of an invite (not when banned). A member accepting again gets the room and spends no use.</summary>
public sealed record AcceptRoomInviteCommand(string Code) : IRequest<RoomDto>;
