namespace Mailroom.Core.Monitor;

/// <summary>A mailbox from an address header: the address and the display name (empty when none).</summary>
public sealed record EmailAddress(string Address, string DisplayName)
{
    public override string ToString() => DisplayName.Length == 0 ? Address : $"{DisplayName} <{Address}>";
}
