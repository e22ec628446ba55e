using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Graph;

/// <summary>
/// A focused Microsoft Graph v1.0 mail client over one HttpClient. This file holds the request pipeline: every call
/// goes to <c>{graph-url}/v1.0/users/{mailbox}/...</c> with <c>Prefer: IdType="ImmutableId"</c> (so a message keeps
/// its id when it is moved) and the bearer token from <see cref="IAccessTokenSource"/>; a refused token is renewed
/// once and the call repeated once; 429 and 503 wait as <c>Retry-After</c> says; Graph's error bodies become
/// exceptions with its code and words. The operations live in the other parts. One task at a time.
/// </summary>
internal sealed partial class GraphClient : IDisposable
{
    public const string ImmutableIdPreference = "IdType=\"ImmutableId\"";

    private readonly HttpClient _http;
    private readonly Account _account;
    private readonly IAccessTokenSource _tokens;
    private readonly GraphOptions _options;
    private readonly ILogger _logger;
    private readonly string _userPath;
    private SslPolicyErrors _lastCertificateErrors;
    private AccessToken? _token;

    public GraphClient(Account account, IAccessTokenSource tokens, GraphOptions options, ILogger logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Graph is null || string.IsNullOrWhiteSpace(account.Graph.Mailbox))
        {
            throw new ArgumentException($"Account '{account.Name}' has no Microsoft Graph mailbox settings.", nameof(account));
        }

        _account = account;
        _tokens = tokens;
        _options = options;
        _logger = logger;
        Mailbox = account.Graph.Mailbox.Trim();
        Root = new Uri(account.Graph.EffectiveGraphUrl + "/", UriKind.Absolute);
        // '@' may stand in a path segment (RFC 3986 pchar); everything else of the address is escaped.
        _userPath = $"v1.0/users/{Uri.EscapeDataString(Mailbox).Replace("%40", "@", StringComparison.Ordinal)}/";
        _http = new HttpClient(handler ?? CreateHandler(account.AllowInvalidCertificate), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Mailroom", "1.0"));
    }

    /// <summary>The mailbox address every call names.</summary>
    public string Mailbox { get; }

    /// <summary>Graph's root, such as <c>https://graph.microsoft.com/</c>.</summary>
    public Uri Root { get; }

    public void Dispose() => _http.Dispose();

    /// <summary>An address under <c>/v1.0/users/{mailbox}/</c>; <paramref name="relative"/> is already escaped.</summary>
    public Uri UserUrl(string relative) => new(Root, _userPath + relative);

    /// <summary>The same, as a <c>$batch</c> sub-request names it (relative to <c>/v1.0</c>).</summary>
    public string BatchUrl(string relative) => "/" + _userPath["v1.0/".Length..] + relative;

    public static string Escape(string id) => Uri.EscapeDataString(id);

    private SocketsHttpHandler CreateHandler(bool allowInvalidCertificate) => new()
    {
        // Graph never redirects a mail call; following one would carry the bearer token elsewhere.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        // Outlook allows 4 concurrent requests per app and mailbox.
        MaxConnectionsPerServer = 4,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, _, _, errors) =>
            {
                _lastCertificateErrors = errors;
                return errors == SslPolicyErrors.None || allowInvalidCertificate;
            },
        },
    };

    /// <summary>
    /// A link Graph handed back (<c>@odata.nextLink</c>, <c>@odata.deltaLink</c>) is followed as given, but only on
    /// Graph's own scheme, host and port: the bearer token goes nowhere else.
    /// </summary>
    public bool IsOwnLink(string? link, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(link, UriKind.Absolute, out var parsed))
        {
            return false;
        }

        uri = parsed;
        return Uri.Compare(parsed, Root, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    /// <summary>One request to send (built afresh for every try, since a sent request cannot be sent again).</summary>
    /// <param name="Operation">What it does, in words for messages and logs (<c>list Inbox</c>).</param>
    /// <param name="Method">The HTTP method.</param>
    /// <param name="Url">Absolute, already escaped.</param>
    /// <param name="Content">Makes the body for each try; null for none.</param>
    /// <param name="Idempotent">Safe to send again after a 5xx or a broken connection.</param>
    /// <param name="PageSize">Sent as <c>Prefer: odata.maxpagesize</c> when set.</param>
    public sealed record Call(string Operation, HttpMethod Method, Uri Url, Func<HttpContent?>? Content = null, bool Idempotent = true, int? PageSize = null);

    /// <summary>
    /// Sends <paramref name="call"/> until Graph answers other than 401 (renewed once), 429 or 503 (waited), and
    /// returns a 2xx answer with its body unread; the caller disposes it.
    /// </summary>
    /// <exception cref="GraphException">Graph refused the request (a 4xx, with its code and words).</exception>
    /// <exception cref="MailConnectionException">No answer, the token refused twice, or Graph failing.</exception>
    /// <exception cref="OAuthException">No token could be had (<see cref="SignInNeededException"/> when a person must sign in).</exception>
    public async Task<HttpResponseMessage> SendAsync(Call call, CancellationToken cancellationToken)
    {
        var throttled = 0;
        var failed = 0;
        var renewed = false;
        DateTimeOffset? waitedUntil = null; // the hold-back this call set itself and waits out below
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WaitOutBackOffAsync(waitedUntil, cancellationToken).ConfigureAwait(false);
            var token = await TokenAsync(forceRenewal: false, cancellationToken).ConfigureAwait(false);
            TimeSpan delay;
            string reason;
            // The request timeout runs on real time: it bounds waiting on the network, not a pause of our own.
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            HttpResponseMessage? response = null;
            try
            {
                using var request = Build(call, token);
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    var ok = response;
                    response = null;
                    return ok;
                }

                var body = await ReadErrorBodyAsync(response, linked.Token).ConfigureAwait(false);
                var details = GraphErrors.Parse(body);
                if (status == 401)
                {
                    if (renewed)
                    {
                        throw TokenRefused(call, details);
                    }

                    // An expired or revoked token (InvalidAuthenticationToken): renew it once and repeat the call once.
                    _logger.TokenRefused(Mailbox, details.Code, call.Operation);
                    renewed = true;
                    await TokenAsync(forceRenewal: true, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (status is 429 or 503)
                {
                    // Throttled or unavailable: Graph did not do the request, so it is safe to send again, even a send.
                    throttled++;
                    if (throttled > _options.MaxThrottleRetries)
                    {
                        throw new MailConnectionException(MailFailureKind.ServerError,
                            $"Microsoft Graph kept refusing {call.Operation} for {Mailbox} as throttled or unavailable ({GraphErrors.Reply(status, details)}) after {throttled} tries; nothing was lost, it is tried again at the next check.",
                            GraphErrors.Reply(status, details));
                    }

                    delay = GraphRetryAfter.From(response, _options.TimeProvider.GetUtcNow()) ?? Backoff(throttled);
                    reason = GraphErrors.Reply(status, details);
                    waitedUntil = _options.TimeProvider.GetUtcNow() + (delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay);
                    HoldBackUntil(waitedUntil.Value);
                }
                else if (status >= 500 && call.Idempotent && ++failed <= _options.MaxRetries)
                {
                    delay = Backoff(failed);
                    reason = GraphErrors.Reply(status, details);
                }
                else if (status >= 500)
                {
                    throw new MailConnectionException(MailFailureKind.ServerError,
                        $"Microsoft Graph failed {call.Operation} for {Mailbox} ({GraphErrors.Reply(status, details)}); try again later.",
                        GraphErrors.Reply(status, details));
                }
                else if (status is >= 300 and < 400)
                {
                    throw new MailConnectionException(MailFailureKind.ProtocolError,
                        $"{Root} redirected {call.Operation} to {response.Headers.Location} (HTTP {status}): the Graph URL is probably wrong; it is https://graph.microsoft.com for the public cloud.",
                        $"HTTP {status}");
                }
                else
                {
                    throw new GraphException(
                        $"Microsoft Graph refused {call.Operation} for {Mailbox}: {GraphErrors.Reply(status, details)}",
                        status, details.Code, details.Message, isTransient: false) { Codes = details.Codes };
                }
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (!call.Idempotent || ++failed > _options.MaxRetries)
                {
                    throw new MailConnectionException(MailFailureKind.TimedOut,
                        $"Microsoft Graph at {Root} did not answer {call.Operation} within {_options.RequestTimeout.TotalSeconds:0} seconds.", inner: ex);
                }

                delay = Backoff(failed);
                reason = "timed out";
            }
            catch (HttpRequestException ex)
            {
                var failure = ConnectionFailed(ex, call.Operation);
                if (!call.Idempotent || ++failed > _options.MaxRetries || failure.Kind is not (MailFailureKind.ProtocolError or MailFailureKind.TimedOut))
                {
                    throw failure;
                }

                delay = Backoff(failed);
                reason = ex.Message;
            }
            finally
            {
                response?.Dispose();
            }

            delay = delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
            _logger.RetryScheduled(call.Operation, Mailbox, (long)delay.TotalMilliseconds, throttled + failed + 1, reason);
            await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    // Ticks (UTC) until which no request of this mailbox is sent: a 429 or 503 on one of several concurrent requests
    // (the downloads of a batch) holds back the others too, as Microsoft asks, instead of each being refused in turn.
    private long _backOffUntilTicks;

    private void HoldBackUntil(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        var seen = Interlocked.Read(ref _backOffUntilTicks);
        while (ticks > seen)
        {
            var was = Interlocked.CompareExchange(ref _backOffUntilTicks, ticks, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    private async Task WaitOutBackOffAsync(DateTimeOffset? waitedUntil, CancellationToken cancellationToken)
    {
        var until = new DateTimeOffset(Interlocked.Read(ref _backOffUntilTicks), TimeSpan.Zero);
        var wait = until - _options.TimeProvider.GetUtcNow();
        if (wait > TimeSpan.Zero && (waitedUntil is null || until > waitedUntil))
        {
            await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Build(Call call, string token)
    {
        var request = new HttpRequestMessage(call.Method, call.Url) { Content = call.Content?.Invoke() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("Prefer", ImmutableIdPreference);
        if (call.PageSize is { } size)
        {
            request.Headers.TryAddWithoutValidation("Prefer", $"odata.maxpagesize={size}");
        }

        return request;
    }

    /// <summary>The current token, or a new one when it ends within the margin or Graph refused it.</summary>
    /// <remarks>
    /// A failed token request is not wrapped: as for IMAP, POP3 and SMTP, <see cref="SignInNeededException"/> reaches
    /// the monitor (which waits) and the outbox (which keeps the mail queued), and <see cref="OAuthException"/> keeps
    /// the identity platform's own words (the AADSTS code and text).
    /// </remarks>
    /// <exception cref="SignInNeededException">No token until a person signs in again.</exception>
    /// <exception cref="OAuthException">The identity platform refused or failed.</exception>
    public async Task<string> TokenAsync(bool forceRenewal, CancellationToken cancellationToken)
    {
        if (!forceRenewal && _token is { } kept && kept.ExpiresAt - _options.TokenRenewalMargin > _options.TimeProvider.GetUtcNow())
        {
            return kept.Value;
        }

        _token = await _tokens.GetAsync(_account, null, forceRenewal, cancellationToken).ConfigureAwait(false);
        return _token.Value;
    }

    private MailConnectionException TokenRefused(Call call, GraphErrors.Details details) =>
        new(MailFailureKind.AuthenticationFailed,
            $"Microsoft Graph refused a newly issued access token for {call.Operation} on {Mailbox} ({GraphErrors.Reply(401, details)}). Check that the token is for {Root} (scope {Root}.default) and the application has the Mail.ReadWrite and Mail.Send application permissions with admin consent.",
            GraphErrors.Reply(401, details));

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // An error body is small; a proxy's page is cut, not read whole.
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[64 * 1024];
                var total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return string.Empty;
        }
    }

    private TimeSpan Backoff(int attempt) => _options.RetryDelay * Math.Pow(2, Math.Max(0, Math.Min(attempt, 10) - 1));

    private MailConnectionException ConnectionFailed(HttpRequestException ex, string operation)
    {
        var host = Root.Host;
        switch (ex.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return new MailConnectionException(MailFailureKind.HostNotFound,
                    $"The Graph host {host} was not found (DNS). Check the Graph URL (https://graph.microsoft.com for the public cloud).", ex.Message, ex);
            case HttpRequestError.SecureConnectionError when _lastCertificateErrors != SslPolicyErrors.None || ex.InnerException is AuthenticationException:
                return new MailConnectionException(MailFailureKind.CertificateNotTrusted,
                    $"The certificate of {host} is not trusted ({(_lastCertificateErrors == SslPolicyErrors.None ? ex.InnerException?.Message : _lastCertificateErrors)}). Install the issuing CA on this machine, or (a risk) turn on Allow Invalid Server Certificate.",
                    ex.Message, ex);
            case HttpRequestError.ConnectionError when ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                return new MailConnectionException(MailFailureKind.ConnectionRefused,
                    $"{host}:{Root.Port} refused the connection. Check the Graph URL.", ex.Message, ex);
            case HttpRequestError.ConnectionError:
                return new MailConnectionException(MailFailureKind.ConnectionRefused,
                    $"Could not connect to {host}:{Root.Port}: {ex.Message}", ex.Message, ex);
        }

        return new MailConnectionException(MailFailureKind.ProtocolError,
            $"The connection to Microsoft Graph at {Root} failed during {operation}: {ex.Message}", ex.Message, ex);
    }
}
