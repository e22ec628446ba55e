using System.Xml.Linq;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// Response documents of the test server, shaped like the samples on the EWS reference pages (soap:Envelope,
/// ServerVersionInfo in the header, a *Response in the messages namespace holding ResponseMessages). The prefixes
/// are deliberately not the client's (s:, h:, msg:, typ: and a default namespace) so only namespace-aware reading passes.
/// </summary>
internal static class EwsTestXml
{
    public static readonly XNamespace S = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
    public static readonly XNamespace E = "http://schemas.microsoft.com/exchange/services/2006/errors";

    public static readonly string[] LegalVersions =
    [
        "Exchange2007", "Exchange2007_SP1", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2", "Exchange2013", "Exchange2013_SP1",
    ];

    public static XDocument Envelope(EwsTestServerVersion version, XElement body) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(S + "Envelope",
                new XAttribute(XNamespace.Xmlns + "s", S),
                new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                new XElement(S + "Header",
                    new XElement(T + "ServerVersionInfo",
                        new XAttribute(XNamespace.Xmlns + "h", T),
                        new XAttribute("MajorVersion", version.Major),
                        new XAttribute("MinorVersion", version.Minor),
                        new XAttribute("MajorBuildNumber", version.MajorBuild),
                        new XAttribute("MinorBuildNumber", version.MinorBuild),
                        version.Version is null ? null : new XAttribute("Version", version.Version))),
                new XElement(S + "Body", body)));

    /// <summary>A *Response element holding one response message per entry.</summary>
    public static XElement Response(string operation, params XElement[] messages) =>
        new(M + (operation + "Response"),
            new XAttribute(XNamespace.Xmlns + "msg", M),
            new XAttribute(XNamespace.Xmlns + "typ", T),
            new XAttribute("xmlns", M.NamespaceName),
            new XElement(M + "ResponseMessages", messages));

    public static XElement Success(string operation, params object[] content) =>
        new(M + (operation + "ResponseMessage"), new XAttribute("ResponseClass", "Success"),
            new XElement(M + "ResponseCode", "NoError"), content);

    public static XElement Error(string operation, string code, string text, XElement? messageXml = null, params object[] content) =>
        new(M + (operation + "ResponseMessage"), new XAttribute("ResponseClass", "Error"),
            new XElement(M + "MessageText", text),
            new XElement(M + "ResponseCode", code),
            new XElement(M + "DescriptiveLinkKey", "0"),
            messageXml is null ? null : new XElement(M + "MessageXml", messageXml.Elements()),
            content);

    /// <summary>A response message of class Warning: the item was not processed (ErrorBatchProcessingStopped).</summary>
    public static XElement Warning(string operation, string code, string text, params object[] content) =>
        new(M + (operation + "ResponseMessage"), new XAttribute("ResponseClass", "Warning"),
            new XElement(M + "MessageText", text),
            new XElement(M + "ResponseCode", code),
            new XElement(M + "DescriptiveLinkKey", "0"),
            content);

    /// <summary>A SOAP fault as Exchange sends it (ews.md 3.2): detail in the errors namespace, MessageXml in types.</summary>
    public static XDocument Fault(string code, string text, params XElement[] messageXmlValues) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(S + "Envelope",
                new XAttribute(XNamespace.Xmlns + "s", S),
                new XElement(S + "Body",
                    new XElement(S + "Fault",
                        new XElement("faultcode", new XAttribute(XNamespace.Xmlns + "a", T), "a:" + code),
                        new XElement("faultstring", new XAttribute(XNamespace.Xml + "lang", "en-US"), text),
                        new XElement("detail",
                            new XElement(E + "ResponseCode", new XAttribute(XNamespace.Xmlns + "e", E), code),
                            new XElement(E + "Message", new XAttribute(XNamespace.Xmlns + "e", E), text),
                            messageXmlValues.Length == 0 ? null : new XElement(T + "MessageXml", new XAttribute(XNamespace.Xmlns + "t", T), messageXmlValues))))));

    public static XElement Value(string name, string value) => new(T + "Value", new XAttribute("Name", name), value);
}
