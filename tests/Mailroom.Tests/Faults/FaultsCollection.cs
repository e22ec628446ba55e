namespace Mailroom.Tests.Faults;

/// <summary>
/// The fault tests stop, start and restart their own server instances (Mailroom.Testing.Faults): one at a time, so a
/// test never sees another's outage. Other test classes still run beside them; they use the shared servers.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection
{
    public const string Name = "Faults on real servers";
}
