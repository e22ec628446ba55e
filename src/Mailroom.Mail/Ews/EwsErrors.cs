using System.Globalization;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>Turns SOAP faults and error response messages into <see cref="EwsException"/>s in plain words.</summary>
internal static class EwsErrors
{
    private static readonly XNamespace M = EwsNamespaces.Messages;
    private static readonly XNamespace T = EwsNamespaces.Types;
    private static readonly XNamespace E = EwsNamespaces.Errors;

    /// <summary>A SOAP fault: the code from <c>detail/e:ResponseCode</c>, else the local part of <c>faultcode</c>.</summary>
    public static EwsException FromFault(XElement fault, string operation, string requestVersion)
    {
        var detail = fault.Element("detail");
        var faultCode = ((string?)fault.Element("faultcode"))?.Trim();
        var code = ((string?)detail?.Element(E + "ResponseCode"))?.Trim();
        if (string.IsNullOrEmpty(code) && faultCode is not null)
        {
            code = faultCode[(faultCode.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }

        var text = ((string?)fault.Element("faultstring"))?.Trim() ?? ((string?)detail?.Element(E + "Message"))?.Trim();
        var messageXml = detail?.Element(T + "MessageXml");
        var message = code switch
        {
            "ErrorSchemaValidation" =>
                $"Exchange refused the {operation} request as invalid against its schema ({code}): {text}{Violation(messageXml)}. This is a fault in Mailroom's request; please report it.",
            _ when EwsResponseCodes.IsVersionMismatch(code) =>
                $"Exchange does not accept the server version {requestVersion} named in the {operation} request ({code}): {text}",
            _ => $"Exchange refused the {operation} request with a SOAP fault ({code}): {text}",
        };

        return Create(message, code, text, messageXml, isFault: true);
    }

    /// <summary>A response message with <c>ResponseClass="Error"</c>.</summary>
    public static EwsException FromResponseMessage(XElement responseMessage, string operation)
    {
        var (code, text) = Describe(responseMessage);
        var message = $"Exchange answered {code} to {operation}: {text}";
        return Create(message, code, text, responseMessage.Element(M + "MessageXml"), isFault: false);
    }

    /// <summary>
    /// The response code that matters: for <c>ErrorInternalServerError</c>, the inner code in MessageXml (throttling
    /// also arrives that way, as an inner ErrorServerBusy).
    /// </summary>
    public static (string? Code, string? Text) Describe(XElement responseMessage)
    {
        var code = ((string?)responseMessage.Element(M + "ResponseCode"))?.Trim();
        var text = ((string?)responseMessage.Element(M + "MessageText"))?.Trim();
        if (code == EwsResponseCodes.InternalServerError)
        {
            var messageXml = responseMessage.Element(M + "MessageXml");
            var inner = Value(messageXml, "InnerErrorResponseCode");
            if (!string.IsNullOrEmpty(inner))
            {
                code = inner;
                text = Value(messageXml, "InnerErrorMessageText") ?? text;
            }
        }

        return (code, text);
    }

    private static EwsException Create(string message, string? code, string? text, XElement? messageXml, bool isFault)
    {
        var exception = new EwsException(message, code, text, EwsResponseCodes.IsTransient(code), isFault);
        if (long.TryParse(Value(messageXml, "BackOffMilliseconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            exception.BackOff = TimeSpan.FromMilliseconds(ms);
        }

        return exception;
    }

    private static string? Value(XElement? messageXml, string name) =>
        messageXml?.Elements(T + "Value").FirstOrDefault(v => (string?)v.Attribute("Name") == name)?.Value.Trim();

    private static string Violation(XElement? messageXml)
    {
        var violation = (string?)messageXml?.Element(T + "Violation");
        var line = (string?)messageXml?.Element(T + "LineNumber");
        var position = (string?)messageXml?.Element(T + "LinePosition");
        return violation is null ? string.Empty : $" ({violation.Trim()}, line {line}, position {position})";
    }
}
