namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>Small MIME messages for the Graph server's tests, each with its own Message-ID.</summary>
internal static class GraphTestMail
{
    public static string Message(string subject, string from = "customer@example.org", string to = "desk@contoso.test", string? messageId = null) =>
        $"From: Customer <{from}>\r\n" +
        $"To: {to}\r\n" +
        $"Subject: {subject}\r\n" +
        $"Message-ID: <{messageId ?? Guid.NewGuid().ToString("N") + "@example.org"}>\r\n" +
        "Date: Tue, 01 Dec 2026 10:00:00 +0000\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        $"Body of {subject}.\r\n";
}
