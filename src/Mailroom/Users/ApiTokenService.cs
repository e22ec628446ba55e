using System.Security.Cryptography;
using System.Text;
using Mailroom.Core.Validation;
using Mailroom.Data.Users;

namespace Mailroom.Users;

/// <summary>
/// Creates API tokens (32 random bytes, shown once) and recognises them by their SHA-256 hash. A high-entropy
/// random token needs no slow hash: SHA-256 is enough to make a stolen database useless for signing in.
/// </summary>
public sealed class ApiTokenService(ApiTokenStore store)
{
    /// <summary>Every token starts with this, so that a leaked one is easy to recognise in a log or a repository.</summary>
    public const string Prefix = "mrt_";

    public ApiTokenStore Store => store;

    /// <exception cref="ValidationException">The name is blank or longer than 100 characters.</exception>
    public async Task<(ApiToken Token, string Value)> CreateAsync(string name, string createdBy, CancellationToken cancellationToken)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
        {
            throw new ValidationException("name", "A token needs a name of 1-100 characters that says who or what uses it.");
        }

        var value = Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var token = await store.AddAsync(name, Hash(value), createdBy, cancellationToken);
        return (token, value);
    }

    /// <summary>The active token with this value, or null when it is unknown or revoked.</summary>
    public Task<ApiToken?> AuthenticateAsync(string value, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(value) ? Task.FromResult<ApiToken?>(null) : store.UseAsync(Hash(value.Trim()), cancellationToken);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
