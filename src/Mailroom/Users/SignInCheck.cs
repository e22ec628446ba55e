using Mailroom.Data.Users;

namespace Mailroom.Users;

/// <summary>The outcome of a password check, and the user when the address was known.</summary>
public sealed record SignInCheck(SignInOutcome Outcome, WebUser? User);
