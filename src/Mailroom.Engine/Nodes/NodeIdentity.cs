using System.Security.Cryptography;

namespace Mailroom.Engine.Nodes;

/// <summary>
/// This process's name among the nodes sharing the database (<c>mailroom serve --node-name</c>), and the random
/// <see cref="Instance"/> id it draws at start, written beside its heartbeat so that two live processes started with
/// the same name are told apart (<see cref="NodeNameGuard"/>).
/// </summary>
internal sealed record NodeIdentity(string Name)
{
    /// <summary>The default when no name is given: host name and process id, unique on one machine.</summary>
    public static string DefaultName => $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>This process's id, new at every start: 12 random hex digits.</summary>
    public string Instance { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
