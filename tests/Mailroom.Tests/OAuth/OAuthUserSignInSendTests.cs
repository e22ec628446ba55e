using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Engine.Outbox;
using Mailroom.Testing;
using Mailroom.Testing.OAuth;
using MimeKit;

namespace Mailroom.Tests.OAuth;

/// <summary>
/// A user who signed in for themselves (credentials padlock open) sends through their own token, as themselves:
/// Postfix, authenticating through Dovecot's oauth2 passdb, accepts a token only for the user named in its <c>sub</c>.
/// </summary>
public sealed class OAuthUserSignInSendTests
{
    [Fact]
    public async Task A_user_who_signed_in_for_themselves_sends_with_their_own_token_even_when_the_accounts_own_sign_in_is_gone()
    {
        await using var identity = await OAuthTestServer.StartForMailServerAsync();
        var client = identity.AddClient();
        var desk = await MailServer.CreateUserAsync("oauthdesk");
        var ann = await MailServer.CreateUserAsync("oauthann");
        await using var node = await OAuthNode.OpenAsync(new DatabaseOptions(Directory.CreateTempSubdirectory("mailroom-oauth-user-").FullName));
        var account = await node.AddAccountAsync(identity, client, desk.Address);
        account = await node.Accounts.UpdateAsync(account with { Padlocks = new Padlocks(ServerSettingsLocked: true, CredentialsLocked: false) }, "test:admin", CancellationToken.None);
        await node.SignInByDeviceCodeAsync(identity, account, desk.Address);

        var started = await node.SignIn.StartDeviceCodeAsync(account, CancellationToken.None);
        Assert.True(identity.ApproveDeviceCode(started.UserCode, ann.Address), "the test server did not know the device code it had just issued");
        await node.SignIn.FinishDeviceCodeAsync(account, ann.Address, started, CancellationToken.None);

        // Without the account's own tokens, only Ann's can get the message through.
        await node.Tokens.DeleteAsync(account.Id, null, CancellationToken.None);
        var sending = await node.Get<ISenderAccounts>().GetAsync(account.Id, ann.Address, CancellationToken.None);
        Assert.NotNull(sending);
        Assert.Equal(ann.Address, sending.OAuthUser);

        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(ann.Address));
        reply.To.Add(MailboxAddress.Parse(desk.Address));
        reply.Subject = "Re: sent with Ann's own sign-in";
        reply.Body = new TextPart("plain") { Text = "Signed in as myself." };
        await using (var transport = await node.Transports.OpenOutgoingAsync(sending, CancellationToken.None))
        {
            var outcome = await transport.SendAsync(reply, CancellationToken.None);
            Assert.Empty(outcome.RejectedRecipients);
        }

        // The account's own sign-in was not brought back to send it: Ann's token did the work.
        Assert.Null(await node.Tokens.GetAsync(account.Id, null, CancellationToken.None));
        Assert.NotNull((await node.Tokens.GetAsync(account.Id, ann.Address, CancellationToken.None))?.AccessToken);
    }
}
