using Mailroom.Core.Sending;
using Mailroom.Engine.Outbox;
using Mailroom.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Engine.Sending;

/// <summary>Records, sending and the outbox, for the commands and for <c>serve</c>.</summary>
internal static class SendingServices
{
    /// <summary>
    /// The <see cref="RecordMailer"/> and the <see cref="OutboxProcessor"/>, with default
    /// <see cref="SendingOptions"/> and <see cref="OutboxOptions"/> unless the host registered its own.
    /// </summary>
    public static IServiceCollection AddMailroomSending(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddMailTransports();
        services.TryAddSingleton(new SendingOptions());
        services.TryAddSingleton(new OutboxOptions());
        services.TryAddSingleton<ISenderAccounts, SenderAccounts>();
        services.TryAddSingleton<RecordMailer>();
        services.TryAddSingleton<OutboxProcessor>();
        return services;
    }
}
