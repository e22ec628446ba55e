namespace Mailroom.Nodes;

/// <summary>This process's name among the nodes sharing the database (<c>mailroom serve --node-name</c>).</summary>
internal sealed record NodeIdentity(string Name)
{
    /// <summary>The default when no name is given: host name and process id, unique on one machine.</summary>
    public static string DefaultName => $"{Environment.MachineName}-{Environment.ProcessId}";
}
