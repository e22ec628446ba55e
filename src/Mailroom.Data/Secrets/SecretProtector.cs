using System.Security.Cryptography;
using Mailroom.Core.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Secret = Mailroom.Core.Accounts.Secret;

namespace Mailroom.Data.Secrets;

/// <summary>
/// Seals secrets (passwords, tokens) to bytes before they are stored, and unseals them at the point of use, with
/// ASP.NET Core Data Protection (application name "Mailroom"). The key ring is in the data directory on SQLite and in
/// the database on PostgreSQL (see <see cref="MailroomDataServices"/>), so every node unseals what any node sealed.
/// </summary>
public sealed class SecretProtector
{
    // A purpose string isolates these ciphertexts from anything else protected with the same key ring.
    private const string Purpose = "Mailroom.Secrets.v1";

    private readonly IDataProtector _protector;

    public SecretProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(Purpose);
    }

    /// <summary>The sealed bytes of <paramref name="secret"/>; a new ciphertext on every call.</summary>
    public byte[] Seal(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return _protector.Protect(System.Text.Encoding.UTF8.GetBytes(secret.Reveal()));
    }

    /// <summary>The secret sealed in <paramref name="sealedBytes"/>.</summary>
    /// <exception cref="CryptographicException">
    /// The bytes were sealed with a key this installation does not have (the key ring was lost or belongs to another
    /// installation) or were altered. Enter the secret again.
    /// </exception>
    public Secret Unseal(byte[] sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(sealedBytes);
        return new Secret(System.Text.Encoding.UTF8.GetString(_protector.Unprotect(sealedBytes)));
    }

    internal byte[]? SealOrNull(Secret? secret) => secret is null ? null : Seal(secret);

    internal Secret? UnsealOrNull(byte[]? sealedBytes) => sealedBytes is null ? null : Unseal(sealedBytes);
}
