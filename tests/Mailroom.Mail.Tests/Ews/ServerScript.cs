using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>One scripted answer of the test server, used in place of (or to spoil) the real one.</summary>
internal abstract class ServerScript
{
    /// <summary>Answers the request itself; false lets the operation run.</summary>
    public virtual Task<bool> ApplyBeforeAsync(HttpContext context) => Task.FromResult(false);

    /// <summary>Changes the real answer's bytes; null leaves them alone.</summary>
    public virtual byte[]? Transform(byte[] response) => null;

    /// <summary>IIS's queue is full: HTTP 503, optionally with Retry-After.</summary>
    public static ServerScript Unavailable(int? retryAfterSeconds = null) => new Before(async context =>
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        if (retryAfterSeconds is { } s)
        {
            context.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsync("Service Unavailable");
    });

    /// <summary>A SOAP fault on HTTP 500, as for throttling, schema or version errors.</summary>
    public static ServerScript Fault(string code, string text, params XElement[] messageXml) => new Before(async context =>
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/xml; charset=utf-8";
        await context.Response.WriteAsync(EwsTestXml.Fault(code, text, messageXml).ToString());
    });

    /// <summary>ErrorServerBusy as a SOAP fault naming BackOffMilliseconds.</summary>
    public static ServerScript Busy(int backOffMilliseconds) =>
        Fault("ErrorServerBusy", "The server cannot service this request right now. Try again later.",
            EwsTestXml.Value("BackOffMilliseconds", backOffMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A web page instead of SOAP: a wrong URL, a proxy's login page.</summary>
    public static ServerScript HtmlPage(int status = 200) => new Before(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("<!DOCTYPE html><html><head><title>Outlook</title></head><body><form>Sign in</form></body></html>");
    });

    /// <summary>
    /// Throttling reported inside a response message: ErrorInternalServerError whose MessageXml names the inner
    /// ErrorServerBusy and its back-off (ews.md 3.4), on HTTP 200.
    /// </summary>
    public static ServerScript BusyInsideResponse(string operation, int backOffMilliseconds) => new Before(async context =>
    {
        var messageXml = new XElement("MessageXml",
            EwsTestXml.Value("InnerErrorResponseCode", "ErrorServerBusy"),
            EwsTestXml.Value("InnerErrorMessageText", "The server cannot service this request right now. Try again later."),
            EwsTestXml.Value("BackOffMilliseconds", backOffMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var document = EwsTestXml.Envelope(EwsTestServerVersion.Exchange2019, EwsTestXml.Response(operation,
            EwsTestXml.Error(operation, "ErrorInternalServerError", "An internal server error occurred. The operation failed.", messageXml)));
        context.Response.ContentType = "text/xml; charset=utf-8";
        await context.Response.WriteAsync(document.ToString());
    });

    /// <summary>A redirect to an OWA login page, as a misconfigured URL or a proxy gives.</summary>
    public static ServerScript Redirect() => new Before(context =>
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = "/owa/auth/logon.aspx?url=%2fEWS%2fExchange.asmx";
        return Task.CompletedTask;
    });

    /// <summary>The real answer cut off after <paramref name="fraction"/> of its bytes.</summary>
    public static ServerScript Truncated(double fraction = 0.5) => new Cut(fraction);

    /// <summary>No answer until the client gives up.</summary>
    public static ServerScript Hang() => new Before(async context =>
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }

        return;
    });

    private sealed class Before(Func<HttpContext, Task> write) : ServerScript
    {
        public override async Task<bool> ApplyBeforeAsync(HttpContext context)
        {
            await write(context);
            return true;
        }
    }

    private sealed class Cut(double fraction) : ServerScript
    {
        public override byte[]? Transform(byte[] response) => response.AsSpan(0, (int)(response.Length * fraction)).ToArray();
    }
}

/// <summary>A request as the server saw it after sign-in.</summary>
internal sealed record RecordedRequest(string Operation, string? RequestServerVersion, string Identity, XDocument Envelope)
{
    public XElement Body => Envelope.Root!.Element(EwsTestXml.S + "Body")!.Elements().First();

    public override string ToString() => Envelope.ToString();
}
