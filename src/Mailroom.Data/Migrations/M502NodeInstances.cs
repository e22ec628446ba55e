namespace Mailroom.Data.Migrations;

/// <summary>
/// Which process holds a node name: <c>instance</c>, a random id each <c>mailroom serve</c> draws at start and writes
/// with its heartbeat, so a second live process started with the same <c>--node-name</c> is told apart and refused.
/// Null for a row written before this (treated like any other holder: taken over once its heartbeat is stale).
/// </summary>
internal sealed class M502NodeInstances : IMigration
{
    public int Version => 502;

    public string Name => "nodes: the process instance holding each name";

    public string Sql => "ALTER TABLE nodes ADD COLUMN instance TEXT NULL";
}
