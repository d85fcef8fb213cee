namespace Chat.Application.Common.Behaviours;

/// <summary>
/// A read of several commands (a history or changes page: eight) whose commands share one open connection, from the
/// access check to the answer (<see cref="SharedConnectionBehaviour{TRequest,TResponse}"/>). Only for short reads:
/// the connection is held for the whole request.
/// </summary>
public interface ISharedConnectionRequest;
