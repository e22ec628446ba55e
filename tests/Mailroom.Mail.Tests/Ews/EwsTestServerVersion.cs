namespace Mailroom.Mail.Tests.Ews;

/// <summary>What the test server reports in ServerVersionInfo.</summary>
internal sealed record EwsTestServerVersion(int Major, int Minor, int MajorBuild, int MinorBuild, string? Version)
{
    public static EwsTestServerVersion Exchange2007 { get; } = new(8, 3, 83, 6, null);

    public static EwsTestServerVersion Exchange2019 { get; } = new(15, 2, 1118, 7, "V2017_07_11");
}
