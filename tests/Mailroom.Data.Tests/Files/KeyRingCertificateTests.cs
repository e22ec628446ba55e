using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Secrets;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Files;

/// <summary>
/// <c>MAILROOM_KEYS_CERTIFICATE</c>: the key ring is written encrypted with the certificate, secrets sealed under it
/// unseal after a restart with it and not without it, and a wrong password or a missing file is refused naming the
/// setting.
/// </summary>
public sealed class KeyRingCertificateTests
{
    // Only this class loads certificates, so the process-wide variable cannot disturb another test.
    private const string Password = "pfx-password-for-the-key-ring-test";

    static KeyRingCertificateTests() => Environment.SetEnvironmentVariable(KeyRingCertificate.PasswordVariable, Password);

    [Fact]
    public async Task With_a_certificate_the_key_ring_is_encrypted_and_only_that_certificate_reads_it_back()
    {
        var directory = Directory.CreateTempSubdirectory("mailroom-keyring-").FullName;
        try
        {
            var pfx = WriteCertificate(directory, Password);
            var options = new DatabaseOptions(Path.Combine(directory, "data")) { KeyCertificateFile = pfx };
            byte[] sealedBytes;
            await using (var store = await StoreHarness.OpenAsync(options))
            {
                sealedBytes = store.Protector.Seal(new Secret("s3cret-value"));
            }

            var keyFile = Assert.Single(Directory.EnumerateFiles(Path.Combine(options.DataDirectory, "keys")));
            var xml = await File.ReadAllTextAsync(keyFile);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);

            await using (var again = await StoreHarness.OpenAsync(options))
            {
                Assert.Equal("s3cret-value", again.Protector.Unseal(sealedBytes).Reveal());
            }

            await using (var without = await StoreHarness.OpenAsync(options with { KeyCertificateFile = null }))
            {
                Assert.ThrowsAny<Exception>(() => without.Protector.Unseal(sealedBytes));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_wrong_password_or_a_missing_file_is_refused_naming_the_setting()
    {
        var directory = Directory.CreateTempSubdirectory("mailroom-keyring-").FullName;
        try
        {
            var wrong = WriteCertificate(directory, "another password");
            var problem = Assert.Single(Assert.Throws<ValidationException>(() => KeyRingCertificate.Load(wrong)).Problems);
            Assert.Equal(KeyRingCertificate.FileVariable, problem.Field);
            Assert.Contains(KeyRingCertificate.PasswordVariable, problem.Message, StringComparison.Ordinal);

            var missing = Path.Combine(directory, "none.pfx");
            problem = Assert.Single(Assert.Throws<ValidationException>(() => KeyRingCertificate.Load(missing)).Problems);
            Assert.Equal(KeyRingCertificate.FileVariable, problem.Field);
            Assert.Contains("does not exist", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string WriteCertificate(string directory, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Mailroom key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
