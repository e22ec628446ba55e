using Mailroom.Data.Migrations;

namespace Mailroom.Data.Monitor;

/// <summary>
/// A monitor's default customer: the customer who stands in when a message's sender is not a known customer. Kept by
/// id, not address, so the monitor follows the customer's row; the reference stops a customer from vanishing under a
/// monitor that names it. NULL (the default) means no one stands in.
/// </summary>
internal sealed class MonitorDefaultCustomerMigration : IMigration
{
    public int Version => 302;

    public string Name => "monitor: default customer";

    public string Sql => "ALTER TABLE monitors ADD COLUMN default_customer_id $BIGINT NULL REFERENCES customers (id)";
}
