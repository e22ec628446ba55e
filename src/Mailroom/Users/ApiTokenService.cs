using System.Security.Cryptography;
using System.Text;
using Mailroom.Core.Validation;
using Mailroom.Data.Users;

namespace Mailroom.Users;

/// <summary>
/// Creates API tokens (32 random bytes, shown once) and recognises them by their SHA-256 hash. A high-entropy
/// random token needs no slow hash: SHA-256 is enough to make a stolen database useless for signing in.
/// </summary>
public sealed class ApiTokenService(ApiTokenStore store, TimeProvider time)
{
    /// <summary>Every token starts with this, so that a leaked one is easy to recognise in a log or a repository.</summary>
    public const string Prefix = "mrt_";

    public ApiTokenStore Store => store;

    /// <exception cref="ValidationException">The name is blank or longer than 100 characters.</exception>
    public Task<(ApiToken Token, string Value)> CreateAsync(string name, string createdBy, CancellationToken cancellationToken) =>
        CreateAsync(name, createdBy, UserRole.Administrator, null, cancellationToken);

    /// <summary>A token acting as <paramref name="role"/> until <paramref name="expiresAt"/> (null: until revoked).</summary>
    /// <exception cref="ValidationException">The name is blank or longer than 100 characters; the expiry is not in the future.</exception>
    public async Task<(ApiToken Token, string Value)> CreateAsync(string name, string createdBy, UserRole role, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        name = (name ?? "").Trim();
        var problems = new List<ValidationProblem>();
        if (name.Length is 0 or > 100)
        {
            problems.Add(new ValidationProblem("name", "A token needs a name of 1-100 characters that says who or what uses it."));
        }

        if (expiresAt is { } at && at <= time.GetUtcNow())
        {
            problems.Add(new ValidationProblem("expires", $"The expiry {at:u} is not in the future."));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        var value = Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var token = await store.AddAsync(name, Hash(value), createdBy, role, expiresAt, cancellationToken);
        return (token, value);
    }

    /// <summary>An expiry as typed (see <see cref="ParseExpiry(string?, DateTimeOffset)"/>), a duration counted from now on the installation's clock.</summary>
    /// <exception cref="ValidationException">Field <c>expires</c>: neither a duration nor a date.</exception>
    public DateTimeOffset? ParseExpiry(string? text) => ParseExpiry(text, time.GetUtcNow());

    /// <summary>Whether <paramref name="token"/> has passed its expiry on the installation's clock (what the API checks).</summary>
    public bool IsExpired(ApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.IsExpired(time.GetUtcNow());
    }

    /// <summary>
    /// An expiry as typed: a duration from now (<c>30d</c>, <c>12h</c>) or a date or time (<c>2027-01-31</c>, UTC);
    /// null for blank.
    /// </summary>
    /// <exception cref="ValidationException">Field <c>expires</c>: neither.</exception>
    public static DateTimeOffset? ParseExpiry(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (t.Length > 1 && long.TryParse(t[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 36_500)
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 'd':
                    return now.AddDays(n);
                case 'h':
                    return now.AddHours(n);
            }
        }

        if (DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        throw new ValidationException("expires", $"'{t}' is neither a duration such as 30d or 12h nor a date such as 2027-01-31.");
    }

    /// <summary>The active token with this value, or null when it is unknown or revoked.</summary>
    public Task<ApiToken?> AuthenticateAsync(string value, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(value) ? Task.FromResult<ApiToken?>(null) : store.UseAsync(Hash(value.Trim()), cancellationToken);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
