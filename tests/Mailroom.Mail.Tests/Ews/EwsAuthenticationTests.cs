using Mailroom.Mail.Ews;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Tests.Ews;

public sealed class EwsAuthenticationTests
{
    [Fact]
    public async Task Basic_sign_in_sends_domain_and_user()
    {
        await using var context = await EwsTestContext.StartAsync(ExchangeTestAuth.Basic);
        using var client = context.Client();

        await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal(@"CORP\desk@example.com", context.Server.Requests.Single().Identity);
    }

    [Fact]
    public async Task Bearer_sign_in_sends_the_access_token()
    {
        await using var context = await EwsTestContext.StartAsync(ExchangeTestAuth.Bearer);
        using var client = context.Client();

        await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal(EwsTestServer.User, context.Server.Requests.Single().Identity);
    }

    [Fact]
    public async Task An_account_holding_an_oauth_token_signs_in_with_it_as_a_bearer_token()
    {
        await using var context = await EwsTestContext.StartAsync(ExchangeTestAuth.Bearer);
        var account = context.Server.Account();
        account = account with { Credentials = account.Credentials with { Kind = Mailroom.Core.Accounts.CredentialKind.OAuth2Token } };
        using var client = context.Factory(context.Options(ExchangeAuthentication.Ntlm)).CreateClient(account);

        await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal(ExchangeAuthentication.Bearer, client.Authentication);
        Assert.Equal(EwsTestServer.User, context.Server.Requests.Single().Identity);
    }

    [Fact]
    public async Task A_refused_bearer_token_is_an_authentication_failure()
    {
        await using var context = await EwsTestContext.StartAsync(ExchangeTestAuth.Bearer);
        using var client = context.Factory().CreateClient(context.Server.Account(password: "expired-token"));

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal(MailFailureKind.AuthenticationFailed, error.Kind);
        Assert.DoesNotContain("expired-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ntlm_completes_the_challenge_with_the_exchange_domain_and_user()
    {
        await using var context = await EwsTestContext.StartAsync(ExchangeTestAuth.Ntlm);
        using var client = context.Client();

        var inbox = await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);

        Assert.Equal("inbox", inbox.FolderId);
        Assert.Equal(@"CORP\desk@example.com", context.Server.Requests.Single().Identity);
        Assert.True(context.Server.HttpRequestCount >= 2, "NTLM needs the negotiate and the authenticate round trips");
    }

    [Fact]
    public async Task Ntlm_with_the_wrong_domain_is_refused_naming_that_domain()
    {
        await using var context = await EwsTestContext.StartAsync(ExchangeTestAuth.Ntlm);
        using var client = context.Factory().CreateClient(context.Server.Account(domain: "OTHER"));

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal(MailFailureKind.AuthenticationFailed, error.Kind);
        Assert.Contains(@"OTHER\desk@example.com", error.Message, StringComparison.Ordinal);
        Assert.Empty(context.Server.Requests);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_unless_the_account_allows_it()
    {
        await using var context = await EwsTestContext.StartAsync();
        using var strict = context.Factory().CreateClient(context.Server.Account(allowInvalidCertificate: false));

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => strict.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None));

        Assert.Equal(MailFailureKind.CertificateNotTrusted, error.Kind);
        Assert.Contains("RemoteCertificateChainErrors", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, context.Server.HttpRequestCount);

        using var lenient = context.Factory().CreateClient(context.Server.Account(allowInvalidCertificate: true));
        await lenient.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None);
        var warning = Assert.Single(context.Log.Entries, e => e.Id.Id == 7100);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("RemoteCertificateChainErrors", warning.Message, StringComparison.Ordinal);
    }
}
