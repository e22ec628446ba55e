namespace Mailroom.Mail.Ews;

/// <summary>
/// Exchange answered, and refused the request: an error response message (<c>ResponseClass="Error"</c>) or a
/// SOAP fault. <see cref="ResponseCode"/> is Exchange's code (such as <c>ErrorInvalidRecipients</c>) and
/// <see cref="MessageText"/> its own words. The connection is still fine; <see cref="IsTransient"/> says whether the
/// same request may succeed later.
/// </summary>
public sealed class EwsException : Exception
{
    public EwsException(string message, string? responseCode, string? messageText, bool isTransient, bool isFault = false, Exception? inner = null)
        : base(message, inner)
    {
        ResponseCode = responseCode;
        MessageText = messageText;
        IsTransient = isTransient;
        IsFault = isFault;
    }

    /// <summary>Exchange's response code, such as <c>ErrorServerBusy</c>; null for a limit of Mailroom's own.</summary>
    public string? ResponseCode { get; }

    /// <summary>The server's message text, where it gave one.</summary>
    public string? MessageText { get; }

    public bool IsTransient { get; }

    /// <summary>The whole request was refused with a SOAP fault (schema, version, throttling) rather than per item.</summary>
    public bool IsFault { get; }

    /// <summary>How long the server asked the client to wait (<c>BackOffMilliseconds</c>), where it said.</summary>
    public TimeSpan? BackOff { get; internal set; }
}
