namespace Mailroom.Testing;

/// <summary>A mailbox on the test Dovecot, created for one test. The password is a throwaway test credential.</summary>
public sealed record MailUser(string Address, string Password)
{
    /// <summary>Prints the address only, so a user in an assertion message never shows its password.</summary>
    public override string ToString() => Address;
}
