using Mailroom.Data;

namespace Mailroom.Web;

/// <summary>What <c>mailroom serve</c> was asked for.</summary>
/// <param name="Database">The same data directory or PostgreSQL database as the other commands.</param>
/// <param name="Urls">Where to listen, separated by semicolons; <c>http://127.0.0.1:5080</c> by default.</param>
/// <param name="NodeName">This node's name among several sharing one database (for leases); host name and process id by default.</param>
internal sealed record ServeSettings(DatabaseOptions Database, string Urls = ServeSettings.DefaultUrls, string? NodeName = null)
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public string EffectiveNodeName => string.IsNullOrWhiteSpace(NodeName) ? Engine.Nodes.NodeIdentity.DefaultName : NodeName.Trim();
}
