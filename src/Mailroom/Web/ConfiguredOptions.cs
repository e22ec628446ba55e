using System.ComponentModel.DataAnnotations;
using Mailroom.Engine.Monitor;
using Mailroom.Engine.Nodes;
using Mailroom.Engine.Outbox;

namespace Mailroom.Web;

/// <summary>
/// Tuning of <c>mailroom serve</c> from configuration, for instance the environment variables
/// <c>Mailroom__Outbox__Lease=00:01:00</c>, <c>Mailroom__Nodes__TimeToLive=00:00:20</c> or
/// <c>Mailroom__Monitor__MaxMessageBytes=10485760</c> (see <see cref="MonitorConfiguration"/>). Registered before the
/// defaults, which the workers add with TryAdd, so a section that is absent changes nothing.
/// </summary>
internal static class ConfiguredOptions
{
    /// <exception cref="ValidationException">A configured value is out of range; the message names it.</exception>
    /// <exception cref="Core.Validation.ValidationException">A Mailroom:Monitor value is refused; each problem names its key.</exception>
    public static IServiceCollection AddConfiguredOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(OutboxOptions.Section) is { } outbox && outbox.Exists())
        {
            var options = outbox.Get<OutboxOptions>() ?? new OutboxOptions();
            Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
            services.AddSingleton(options);
        }

        if (configuration.GetSection(NodeLeaseOptions.Section) is { } nodes && nodes.Exists())
        {
            var options = nodes.Get<NodeLeaseOptions>() ?? new NodeLeaseOptions();
            options.Validate();
            services.AddSingleton(options);
        }

        services.AddMonitorOptions(configuration);
        return services;
    }
}
