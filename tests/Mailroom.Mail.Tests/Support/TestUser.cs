namespace Mailroom.Mail.Tests.Support;

internal sealed record TestUser(string Address, string Password);
