using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Mailroom.Core.Validation;
using ValidationException = Mailroom.Core.Validation.ValidationException;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// <see cref="MonitorOptions"/> from the configuration section <c>Mailroom:Monitor</c> (appsettings.json, or the
/// environment as <c>Mailroom__Monitor__MaxMessageBytes=1048576</c>), for <c>mailroom serve</c> and
/// <c>mailroom monitor run</c>.
/// </summary>
/// <remarks>
/// Read key by key instead of with the configuration binder: the binder's error for "abc" names a CLR type, not the
/// problem, and it takes a zero or a negative number, or a misspelt key, without a word. Here each of those stops
/// start-up with <c>Mailroom:Monitor:KEY: what is wrong</c>, every problem at once. The limits are the
/// <see cref="RangeAttribute"/>s on <see cref="MonitorOptions"/>, so they are written once.
/// </remarks>
internal static class MonitorConfiguration
{
    public const string Section = "Mailroom:Monitor";

    private static readonly Dictionary<string, PropertyInfo> Settings = typeof(MonitorOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers the configured options before the defaults (which are added with TryAdd), if the section exists.</summary>
    /// <exception cref="ValidationException">A configured value is unknown, unparsable or out of range; each problem names its key.</exception>
    public static IServiceCollection AddMonitorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(Section).Exists())
        {
            services.AddSingleton(Bind(configuration));
        }

        return services;
    }

    /// <summary>The defaults with every configured key applied.</summary>
    /// <exception cref="ValidationException">A configured value is unknown, unparsable or out of range; each problem names its key.</exception>
    public static MonitorOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new MonitorOptions();
        var problems = new List<ValidationProblem>();
        foreach (var child in configuration.GetSection(Section).GetChildren())
        {
            var key = $"{Section}:{child.Key}";
            if (!Settings.TryGetValue(child.Key, out var setting))
            {
                problems.Add(new ValidationProblem(key, $"is not a monitor setting; the settings are {string.Join(", ", Settings.Values.Select(p => p.Name))}"));
                continue;
            }

            if (child.Value is not { } text)
            {
                problems.Add(new ValidationProblem(key, "must be a single value"));
                continue;
            }

            if (!TryParse(setting.PropertyType, text.Trim(), out var value))
            {
                problems.Add(new ValidationProblem(key, setting.PropertyType == typeof(bool)
                    ? $"'{text}' is not true or false"
                    : $"'{text}' is not a whole number"));
                continue;
            }

            if (setting.GetCustomAttribute<RangeAttribute>() is { } range && !range.IsValid(value))
            {
                problems.Add(new ValidationProblem(key, Describe(range)));
                continue;
            }

            setting.SetValue(options, value);
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return options;
    }

    private static bool TryParse(Type type, string text, out object? value)
    {
        value = null;
        if (type == typeof(int) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
        }
        else if (type == typeof(long) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
        }
        else if (type == typeof(bool) && bool.TryParse(text, out var b))
        {
            value = b;
        }

        return value is not null;
    }

    /// <summary>"must be at least N" when the upper end is only the type's own limit, else "must be between N and M".</summary>
    private static string Describe(RangeAttribute range)
    {
        var minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var maximum = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        return maximum >= int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"must be at least {minimum:0}")
            : string.Create(CultureInfo.InvariantCulture, $"must be between {minimum:0} and {maximum:0}");
    }
}
