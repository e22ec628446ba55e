using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Mailroom.Core.Accounts;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Ews;

/// <summary>
/// A focused Exchange Web Services client: SOAP 1.1 over one HttpClient, read with System.Xml by namespace.
/// This file holds the request pipeline (envelope, sign-in, retries, error mapping); the operations live in the
/// other parts. One instance serves one account and is used by one task at a time.
/// </summary>
internal sealed partial class EwsClient : IDisposable
{
    private static readonly MediaTypeHeaderValue SoapContentType = new("text/xml") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly ExchangeOptions _options;
    private readonly ILogger _logger;
    private readonly EwsCertificatePolicy _certificatePolicy;
    private readonly string? _bearerToken;
    private readonly bool _versionPinned;
    private string _requestVersion;

    public EwsClient(Account account, ExchangeOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Exchange is null)
        {
            throw new ArgumentException($"Account '{account.Name}' has no Exchange server settings.", nameof(account));
        }

        _options = options;
        _logger = logger;
        Endpoint = account.Exchange.EndpointUri;
        Authentication = AuthenticationFor(account, options);
        SignInName = Authentication == ExchangeAuthentication.Bearer || string.IsNullOrWhiteSpace(account.Exchange.Domain)
            ? account.Credentials.User ?? string.Empty
            : $"{account.Exchange.Domain.Trim()}\\{account.Credentials.User}";
        _versionPinned = !string.IsNullOrWhiteSpace(options.RequestServerVersion);
        if (_versionPinned && !EwsServerVersion.Known.Contains(options.RequestServerVersion!.Trim()))
        {
            throw new ArgumentException(
                $"RequestServerVersion '{options.RequestServerVersion}' is not an EWS schema version; use one of {string.Join(", ", EwsServerVersion.Known)}.",
                nameof(options));
        }

        _requestVersion = _versionPinned ? options.RequestServerVersion!.Trim() : EwsServerVersion.Baseline;
        _certificatePolicy = new EwsCertificatePolicy(Endpoint, account.AllowInvalidCertificate, logger);

        var handler = EwsHttp.CreateHandler(account, Endpoint, Authentication, _certificatePolicy);
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Mailroom", "1.0"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/xml"));

        var password = account.Credentials.Password?.Reveal() ?? string.Empty;
        if (Authentication == ExchangeAuthentication.Basic)
        {
            // Sent with the first request: Basic has no handshake worth a round trip. Domain\User as .NET would send it.
            var pair = Encoding.UTF8.GetBytes($"{SignInName}:{password}");
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }
        else if (Authentication == ExchangeAuthentication.Bearer)
        {
            _bearerToken = password;
        }
    }

    public Uri Endpoint { get; }

    /// <summary>An account whose secret is an OAuth 2.0 access token signs in with it as a bearer token; others as configured.</summary>
    public static ExchangeAuthentication AuthenticationFor(Account account, ExchangeOptions options) =>
        account.Credentials.Kind == CredentialKind.OAuth2Token ? ExchangeAuthentication.Bearer : options.Authentication;

    public ExchangeAuthentication Authentication { get; }

    /// <summary>Who signs in, as an administrator would recognise it: <c>DOMAIN\user</c> (or the user alone).</summary>
    public string SignInName { get; }

    /// <summary>What the server last reported in <c>ServerVersionInfo</c>; null before the first answer.</summary>
    public EwsServerVersion? ServerVersion { get; private set; }

    /// <summary>The <c>RequestServerVersion</c> the next request names.</summary>
    public string RequestVersion => _requestVersion;

    public void Dispose() => _http.Dispose();

    /// <summary>Sends one operation and returns its <c>*Response</c> element, with every response message checked
    /// for throttling (retried) but not for other errors: callers decide what an error means for them.</summary>
    private Task<XElement> ExecuteAsync(string operation, XElement body, bool idempotent, CancellationToken cancellationToken) =>
        SendAsync(operation, body, idempotent, ReadResponseAsync, cancellationToken);

    /// <summary>The single response message of a one-item request; throws <see cref="EwsException"/> on an error.</summary>
    private async Task<XElement> ExecuteSingleAsync(string operation, XElement body, bool idempotent, CancellationToken cancellationToken)
    {
        var response = await ExecuteAsync(operation, body, idempotent, cancellationToken).ConfigureAwait(false);
        var message = ResponseMessages(response).FirstOrDefault()
            ?? throw Malformed(operation, "the response holds no response message");
        ThrowIfError(message, operation);
        return message;
    }

    private static IEnumerable<XElement> ResponseMessages(XElement response) =>
        response.Element(EwsNamespaces.Messages + "ResponseMessages")?.Elements() ?? [];

    private static void ThrowIfError(XElement responseMessage, string operation)
    {
        if ((string?)responseMessage.Attribute("ResponseClass") == "Error")
        {
            throw EwsErrors.FromResponseMessage(responseMessage, operation);
        }
    }

    private async Task<T> SendAsync<T>(
        string operation,
        XElement body,
        bool idempotent,
        Func<string, XmlReader, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var attempt = 0;
        var downgraded = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempt++;
            var versionSent = _requestVersion;
            // The request timeout runs on real time: it bounds waiting on the network, not a pause of our own.
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            TimeSpan delay;
            string reason;
            try
            {
                using var request = BuildRequest(body, versionSent);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = response.StatusCode;
                if (status == HttpStatusCode.Unauthorized)
                {
                    throw AuthenticationFailed(response);
                }

                if (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                {
                    // IIS refused the request before EWS saw it: safe to send again, whatever the operation.
                    if (attempt > _options.MaxRetries)
                    {
                        throw new MailConnectionException(MailFailureKind.ServerError,
                            $"Exchange at {Endpoint} stayed unavailable (HTTP {(int)status}) after {attempt} tries of {operation}; try again later.",
                            $"HTTP {(int)status} {response.ReasonPhrase}");
                    }

                    delay = RetryAfter(response, _options.TimeProvider) ?? Backoff(attempt);
                    reason = $"HTTP {(int)status} {response.ReasonPhrase}";
                }
                else if (IsXml(response.Content.Headers.ContentType) && status is HttpStatusCode.OK or HttpStatusCode.InternalServerError)
                {
                    var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        using var reader = XmlReader.Create(stream, ReaderSettings);
                        return await read(operation, reader, linked.Token).ConfigureAwait(false);
                    }
                }
                else if (status == HttpStatusCode.InternalServerError && idempotent && attempt <= _options.MaxRetries)
                {
                    // IIS's own HTML "Server Error in '/EWS' Application" page: a transient failure under load.
                    delay = Backoff(attempt);
                    reason = "HTTP 500 without a SOAP response";
                }
                else
                {
                    throw NotEws(response, operation);
                }
            }
            catch (EwsException ex) when (ex.ResponseCode == EwsResponseCodes.ServerBusy && attempt <= _options.MaxRetries)
            {
                // Throttled: the request was not processed, so it is safe to repeat even a send.
                delay = ex.BackOff ?? Backoff(attempt);
                reason = ex.Message;
            }
            catch (EwsException ex) when (EwsResponseCodes.IsVersionMismatch(ex.ResponseCode) && !_versionPinned && !downgraded && versionSent != EwsServerVersion.Baseline)
            {
                _logger.VersionRefused(Endpoint, versionSent, ex.ResponseCode, EwsServerVersion.Baseline);
                _requestVersion = EwsServerVersion.Baseline;
                downgraded = true;
                attempt--;
                continue;
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (!idempotent || attempt > _options.MaxRetries)
                {
                    throw new MailConnectionException(MailFailureKind.TimedOut,
                        $"Exchange at {Endpoint} did not answer {operation} within {_options.RequestTimeout.TotalSeconds:0} seconds ({attempt} tries).",
                        inner: ex);
                }

                delay = Backoff(attempt);
                reason = "timed out";
            }
            catch (HttpRequestException ex)
            {
                var failure = ConnectionFailed(ex, operation);
                if (!idempotent || attempt > _options.MaxRetries || failure.Kind is not (MailFailureKind.ProtocolError or MailFailureKind.TimedOut))
                {
                    throw failure;
                }

                delay = Backoff(attempt);
                reason = ex.Message;
            }
            catch (XmlException ex)
            {
                throw Malformed(operation, ex.Message, ex);
            }
            catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The body ended early or the connection broke while it was read.
                throw Malformed(operation, ex.Message, ex);
            }

            delay = delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
            _logger.RetryScheduled(operation, Endpoint, (long)delay.TotalMilliseconds, attempt + 1, reason);
            await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        // EWS can emit characters XML 1.0 forbids (control characters in subjects); reading them beats failing.
        CheckCharacters = false,
        IgnoreComments = true,
    };

    private HttpRequestMessage BuildRequest(XElement body, string version)
    {
        var envelope = new XElement(EwsNamespaces.Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", EwsNamespaces.Soap),
            new XAttribute(XNamespace.Xmlns + "m", EwsNamespaces.Messages),
            new XAttribute(XNamespace.Xmlns + "t", EwsNamespaces.Types),
            new XElement(EwsNamespaces.Soap + "Header",
                new XElement(EwsNamespaces.Types + "RequestServerVersion", new XAttribute("Version", version))),
            new XElement(EwsNamespaces.Soap + "Body", body));

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            envelope.WriteTo(writer);
        }

        // A byte array, not a stream: the NTLM handshake sends the request more than once.
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = SoapContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = content,
            // NTLM authenticates a connection, not a request: HTTP/1.1 only.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (_bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken);
        }

        return request;
    }

    /// <summary>Reads a whole response: records the server version, throws a fault, retries on throttled messages.</summary>
    private async Task<XElement> ReadResponseAsync(string operation, XmlReader reader, CancellationToken cancellationToken)
    {
        var document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        var envelope = document.Root;
        if (envelope is null || envelope.Name != EwsNamespaces.Soap + "Envelope")
        {
            throw Malformed(operation, $"the answer is <{envelope?.Name.LocalName}>, not a SOAP 1.1 envelope");
        }

        var versionInfo = envelope.Element(EwsNamespaces.Soap + "Header")?.Element(EwsNamespaces.Types + "ServerVersionInfo");
        if (versionInfo is not null)
        {
            NoteServerVersion(versionInfo);
        }

        var first = envelope.Element(EwsNamespaces.Soap + "Body")?.Elements().FirstOrDefault()
            ?? throw Malformed(operation, "the SOAP body is empty");
        if (first.Name == EwsNamespaces.Soap + "Fault")
        {
            throw EwsErrors.FromFault(first, operation, _requestVersion);
        }

        if (first.Name.Namespace != EwsNamespaces.Messages)
        {
            throw Malformed(operation, $"the SOAP body holds <{first.Name}>, not an EWS response");
        }

        foreach (var message in ResponseMessages(first))
        {
            if ((string?)message.Attribute("ResponseClass") == "Error" && EwsErrors.Describe(message).Code == EwsResponseCodes.ServerBusy)
            {
                throw EwsErrors.FromResponseMessage(message, operation);
            }
        }

        return first;
    }

    private void NoteServerVersion(XElement versionInfo)
    {
        var version = EwsServerVersion.FromElement(versionInfo);
        if (version is null || version == ServerVersion)
        {
            return;
        }

        ServerVersion = version;
        if (!_versionPinned)
        {
            _requestVersion = version.RequestVersion;
        }

        _logger.ServerVersionDetected(Endpoint, version, _requestVersion);
    }

    private static bool IsXml(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is "text/xml" or "application/xml" or "application/soap+xml";

    private TimeSpan Backoff(int attempt) => _options.RetryDelay * Math.Pow(2, Math.Max(0, attempt - 1));

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - time.GetUtcNow() : null;
    }

    private MailConnectionException AuthenticationFailed(HttpResponseMessage response)
    {
        var offered = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.Scheme).Distinct(StringComparer.OrdinalIgnoreCase));
        var scheme = Authentication switch
        {
            ExchangeAuthentication.Ntlm => "NTLM",
            ExchangeAuthentication.Basic => "Basic",
            _ => "a bearer token",
        };
        var hint = Authentication == ExchangeAuthentication.Bearer
            ? "check that the access token is current and grants EWS.AccessAsUser.All"
            : "check the user name, the password and the Exchange Domain";
        var server = offered.Length == 0 ? "HTTP 401" : $"HTTP 401, the server offers {offered}";
        return new MailConnectionException(MailFailureKind.AuthenticationFailed,
            $"Exchange authentication failed for {SignInName} at {Endpoint} ({scheme}; {server}): {hint}. Repeated failures can lock the account in Active Directory.",
            server);
    }

    private MailConnectionException NotEws(HttpResponseMessage response, string operation)
    {
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
        if (status is >= 300 and < 400)
        {
            return new MailConnectionException(MailFailureKind.ProtocolError,
                $"Exchange at {Endpoint} redirected {operation} to {response.Headers.Location} (HTTP {status}): the address is probably not the EWS endpoint; use https://HOST/EWS/Exchange.asmx.",
                $"HTTP {status}");
        }

        if (status == 403)
        {
            return new MailConnectionException(MailFailureKind.AuthenticationFailed,
                $"Exchange at {Endpoint} refused {SignInName} access to EWS (HTTP 403): EWS may be disabled for this mailbox or this client blocked by policy.",
                $"HTTP 403 {response.ReasonPhrase}");
        }

        var kind = status >= 500 ? MailFailureKind.ServerError : MailFailureKind.ProtocolError;
        return new MailConnectionException(kind,
            $"The server at {Endpoint} answered {operation} with HTTP {status} and {type}, not a SOAP response: it does not look like Exchange Web Services. Check the Server field (a host name, or the full https://HOST/EWS/Exchange.asmx address).",
            $"HTTP {status} {response.ReasonPhrase} ({type})");
    }

    private MailConnectionException ConnectionFailed(HttpRequestException ex, string operation)
    {
        var host = Endpoint.Host;
        switch (ex.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return new MailConnectionException(MailFailureKind.HostNotFound,
                    $"The Exchange server {host} was not found (DNS). Check the Server field.", ex.Message, ex);
            case HttpRequestError.SecureConnectionError:
                var errors = _certificatePolicy.LastErrors;
                if (errors != SslPolicyErrors.None || ex.InnerException is AuthenticationException)
                {
                    return new MailConnectionException(MailFailureKind.CertificateNotTrusted,
                        $"The certificate of {host} is not trusted ({(errors == SslPolicyErrors.None ? ex.InnerException?.Message : errors)}). Install the issuing CA on this machine, fix the server's certificate, or (a risk) turn on Allow Invalid Server Certificate.",
                        ex.Message, ex);
                }

                break;
            case HttpRequestError.ConnectionError when ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                return new MailConnectionException(MailFailureKind.ConnectionRefused,
                    $"{host}:{Endpoint.Port} refused the connection. Check the Server field and Use SSL.", ex.Message, ex);
            case HttpRequestError.ConnectionError:
                return new MailConnectionException(MailFailureKind.ConnectionRefused,
                    $"Could not connect to {host}:{Endpoint.Port}: {ex.Message}", ex.Message, ex);
        }

        return new MailConnectionException(MailFailureKind.ProtocolError,
            $"The connection to Exchange at {Endpoint} failed during {operation}: {ex.Message}", ex.Message, ex);
    }

    private MailConnectionException Malformed(string operation, string problem, Exception? inner = null) =>
        new(MailFailureKind.ProtocolError,
            $"The answer of {Endpoint} to {operation} is not a usable EWS response ({problem}); it may be cut off, or the server is not Exchange.",
            problem, inner);
}
