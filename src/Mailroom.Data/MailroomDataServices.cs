using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;
using Mailroom.Data.Monitor;
using Mailroom.Data.Nodes;
using Mailroom.Data.OAuth;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Data.Secrets;
using Mailroom.Data.Settings;
using Mailroom.Data.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mailroom.Data;

/// <summary>
/// Registers Mailroom's storage: the opened database, Data Protection with the key ring where it belongs, the
/// <see cref="SecretProtector"/>, and the stores. The command's admin commands and <c>mailroom serve</c> both use it.
/// </summary>
public static class MailroomDataServices
{
    /// <summary>The Data Protection application name; every node of one installation must use the same.</summary>
    public const string ApplicationName = "Mailroom";

    /// <summary>
    /// Adds <paramref name="database"/> (already opened and migrated; the caller disposes it) and everything stored in it.
    /// On SQLite the key ring is kept in <c>&lt;data-dir&gt;/keys</c>; on PostgreSQL in the <c>data_protection_keys</c>
    /// table, so several nodes share it.
    /// </summary>
    public static IServiceCollection AddMailroomData(this IServiceCollection services, MailroomDatabase database)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        // The database's clock is the installation's (the system clock unless a test chose another); TryAdd keeps
        // one a host registered first.
        services.TryAddSingleton(database.Options.TimeProvider);
        services.AddSingleton(database);

        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (database.Dialect == SqlDialect.Postgres)
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new DatabaseXmlRepository(database, provider.GetRequiredService<TimeProvider>())));
        }
        else
        {
            var keys = Path.Combine(database.Options.DataDirectory, "keys");
            Files.DataDirectoryAccess.CreateDirectory(keys);
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new PrivateFileSystemXmlRepository(new DirectoryInfo(keys), provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)));
        }

        if (database.Options.KeyCertificateFile is { } certificateFile)
        {
            // Encrypts new keys, and reads keys encrypted with it without looking the certificate up in a store.
            var certificate = KeyRingCertificate.Load(certificateFile);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<SettingsStore>();
        services.AddSingleton<OAuthTokenStore>();
        // Every store is registered here and only here: the engine and the faces take them from DI.
        services.AddSingleton(sp => new RawMessageSpool(database.Options.DataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MonitorStore>();
        services.AddSingleton<MonitorMessageStore>();
        services.AddSingleton<RecordStore>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<JournalStore>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<NodeLeaseStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiTokenStore>();
        return services;
    }
}
