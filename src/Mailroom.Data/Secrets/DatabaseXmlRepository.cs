using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Mailroom.Data.Secrets;

/// <summary>
/// Keeps the Data Protection key ring in the <c>data_protection_keys</c> table, so several nodes on one PostgreSQL
/// database share it. <see cref="IXmlRepository"/> is synchronous by design; Data Protection calls it rarely (at
/// start and when a key rolls over) and caches the ring.
/// </summary>
internal sealed class DatabaseXmlRepository(MailroomDatabase database, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @At)",
            new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), At = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }
}
