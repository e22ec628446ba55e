using System.Globalization;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>The server's <c>ServerVersionInfo</c> header: its build, and the request version that suits it.</summary>
public sealed record EwsServerVersion(int Major, int Minor, int MajorBuild, int MinorBuild, string? Version)
{
    /// <summary>Accepted by every server from Exchange 2007 SP1 on; what the first request names.</summary>
    public const string Baseline = "Exchange2007_SP1";

    /// <summary>The schema values this client may send (types.xsd ExchangeVersionType, up to what 2016-SE accept).</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "Exchange2007", "Exchange2007_SP1", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2", "Exchange2013", "Exchange2013_SP1",
    ];

    /// <summary>
    /// The highest <c>RequestServerVersion</c> for this build (ews.md 1.4). The <c>Version</c> attribute is not echoed:
    /// newer servers put opaque values such as <c>V2_23</c> there.
    /// </summary>
    public string RequestVersion => (Major, Minor) switch
    {
        (< 14, _) => Baseline,
        (14, 0) => "Exchange2010",
        (14, 1) => "Exchange2010_SP1",
        (14, _) => "Exchange2010_SP2",
        (15, 0) when MajorBuild < 847 => "Exchange2013",
        _ => "Exchange2013_SP1",
    };

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{MajorBuild}.{MinorBuild}");

    /// <summary>Reads the attributes of a <c>ServerVersionInfo</c> element; null when they are missing or not numbers.</summary>
    internal static EwsServerVersion? FromElement(XElement element)
    {
        static int? Read(XElement e, string name) =>
            int.TryParse((string?)e.Attribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

        var major = Read(element, "MajorVersion");
        var minor = Read(element, "MinorVersion");
        if (major is null || minor is null)
        {
            return null;
        }

        return new EwsServerVersion(major.Value, minor.Value, Read(element, "MajorBuildNumber") ?? 0, Read(element, "MinorBuildNumber") ?? 0, (string?)element.Attribute("Version"));
    }
}
