using System.Security.Cryptography;
using System.Text;
using Mailroom.Core.Validation;
using Mailroom.Data.Users;

namespace Mailroom.Users;

/// <summary>
/// The first start: while no administrator can sign in, <c>mailroom serve</c> prints a link with a random one-time
/// token (<see cref="OfferAsync"/>), and the <c>/setup</c> page that link opens creates the first administrator.
/// </summary>
/// <remarks>
/// The token lives only in this process's memory, as its SHA-256: it is valid until it is used or the process stops
/// (a restart prints a new one), and only the person who can read serve's output has it. Once any administrator
/// exists, by this page or by <c>mailroom users add</c>, every token is refused.
/// </remarks>
public sealed class FirstAdministratorSetup(UserDirectory users)
{
    public const string Path = "/setup";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _tokenHash;

    /// <summary>
    /// When no administrator exists, makes a new token and returns the set-up link on the first of
    /// <paramref name="urls"/> (a wildcard host becomes <c>localhost</c>); null when one exists.
    /// </summary>
    public async Task<string?> OfferAsync(IEnumerable<string> urls, CancellationToken cancellationToken)
    {
        if (await users.Store.CountActiveAdministratorsAsync(cancellationToken) > 0)
        {
            return null;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Volatile.Write(ref _tokenHash, Hash(token));
        var builder = new UriBuilder(urls.First()) { Path = Path, Query = "token=" + token };
        if (builder.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*")
        {
            builder.Host = "localhost";
        }

        return builder.Uri.AbsoluteUri;
    }

    /// <summary>Whether <paramref name="token"/> is the one printed and not used yet.</summary>
    public bool IsValid(string? token) =>
        !string.IsNullOrEmpty(token) && Volatile.Read(ref _tokenHash) is { } hash && CryptographicOperations.FixedTimeEquals(Hash(token), hash);

    /// <summary>Creates the first administrator and spends the token.</summary>
    /// <exception cref="ValidationException">Field <c>token</c>: used, unknown, or an administrator exists already; or the user's fields.</exception>
    public async Task<WebUser> CreateAsync(string? token, string address, string? displayName, string password, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsValid(token))
            {
                throw new ValidationException("token", InvalidLink);
            }

            if (await users.Store.CountActiveAdministratorsAsync(cancellationToken) > 0)
            {
                Volatile.Write(ref _tokenHash, null);
                throw new ValidationException("token", InvalidLink);
            }

            var user = await users.AddAsync(address, displayName, UserRole.Administrator, password, cancellationToken);
            Volatile.Write(ref _tokenHash, null);
            return user;
        }
        finally
        {
            _gate.Release();
        }
    }

    public const string InvalidLink =
        "This set-up link is not valid: it was used already, an administrator exists, or it is from an earlier start of mailroom serve. Sign in, or see serve's output for a new link.";

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
