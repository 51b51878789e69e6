using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Berth.DockerApi.Containers;

/// <summary>The exec instances this server created, by id (64 hex, as Docker's).</summary>
public sealed class ExecSessions
{
    private readonly ConcurrentDictionary<string, ExecSession> _sessions = new();

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public void Add(ExecSession session) => _sessions[session.Id] = session;

    public ExecSession Find(string id) =>
        _sessions.TryGetValue(id, out var session) ? session : throw new NotFoundException($"No such exec instance: {id}");
}
