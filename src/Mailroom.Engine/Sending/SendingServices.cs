using Mailroom.Core.Sending;
using Mailroom.Data;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Engine.Outbox;
using Mailroom.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Engine.Sending;

/// <summary>Records, sending and the outbox, for the commands and for <c>serve</c>.</summary>
internal static class SendingServices
{
    /// <summary>
    /// The record stores, the <see cref="RecordMailer"/> and the <see cref="OutboxProcessor"/>, with default
    /// <see cref="SendingOptions"/> and <see cref="OutboxOptions"/> unless the host registered its own.
    /// </summary>
    public static IServiceCollection AddMailroomSending(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddMailTransports();
        services.TryAddSingleton(new SendingOptions());
        services.TryAddSingleton(new OutboxOptions());
        services.TryAddSingleton(sp => new RecordStore(sp.GetRequiredService<MailroomDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CustomerStore(sp.GetRequiredService<MailroomDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JournalStore(sp.GetRequiredService<MailroomDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new OutboxStore(sp.GetRequiredService<MailroomDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISenderAccounts, SenderAccounts>();
        services.TryAddSingleton<RecordMailer>();
        services.TryAddSingleton<OutboxProcessor>();
        return services;
    }
}
