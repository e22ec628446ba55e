namespace Mailroom.Data.Migrations;

/// <summary>
/// One versioned step of the schema. Every class implementing this in this assembly is applied in order of
/// <see cref="Version"/>, once, at start. Feature areas own version ranges so that they never collide:
/// 100s accounts and settings, 200s records and outbox, 300s monitor, 400s users and web, 500s nodes.
/// </summary>
public interface IMigration
{
    int Version { get; }

    string Name { get; }

    /// <summary>
    /// The statements, separated by semicolons. Write them once with the tokens of <see cref="SchemaTokens"/>
    /// where the dialects differ.
    /// </summary>
    string Sql { get; }
}
