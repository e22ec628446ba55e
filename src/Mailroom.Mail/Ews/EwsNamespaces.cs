using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>
/// The namespaces EWS uses. Elements are matched by namespace and local name, never by prefix: servers pick their
/// own prefixes (s:, soap:, a default namespace). All are http:// URIs, whatever some documentation pages print.
/// </summary>
internal static class EwsNamespaces
{
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";

    public static readonly XNamespace Messages = "http://schemas.microsoft.com/exchange/services/2006/messages";

    public static readonly XNamespace Types = "http://schemas.microsoft.com/exchange/services/2006/types";

    /// <summary>Holds <c>ResponseCode</c> and <c>Message</c> inside a SOAP fault's detail.</summary>
    public static readonly XNamespace Errors = "http://schemas.microsoft.com/exchange/services/2006/errors";
}
