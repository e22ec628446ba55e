using System.ComponentModel.DataAnnotations;
using Mailroom.Nodes;
using Mailroom.Outbox;

namespace Mailroom.Web;

/// <summary>
/// Tuning of <c>mailroom serve</c> from configuration, for instance the environment variables
/// <c>Mailroom__Outbox__Lease=00:01:00</c> or <c>Mailroom__Nodes__TimeToLive=00:00:20</c>. Registered before the
/// defaults, which the workers add with TryAdd, so a section that is absent changes nothing.
/// </summary>
internal static class ConfiguredOptions
{
    /// <exception cref="ValidationException">A configured value is out of range; the message names it.</exception>
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

        return services;
    }
}
