using System.Net.Mail;
using System.Security.Cryptography;
using Mailroom.Core.Validation;
using Mailroom.Data.Users;
using Microsoft.AspNetCore.Identity;

namespace Mailroom.Users;

/// <summary>
/// Adds web users and checks their passwords, with ASP.NET Core Identity's password hashing and a lockout after
/// repeated failures. The command (<c>mailroom users</c>) and the sign-in page both go through here.
/// </summary>
public sealed class UserDirectory(UserStore store, TimeProvider time)
{
    /// <summary>Failures in a row that lock an account; the count resets on success and when a lockout starts.</summary>
    public const int MaxFailedSignIns = 5;

    public const int MinPasswordLength = 8;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<WebUser> Hasher = new();

    // Verified against when the address is unknown, so that a wrong address costs as much time as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not a password of anybody");

    public UserStore Store => store;

    /// <exception cref="ValidationException">The address, name or password is not acceptable, or the address is taken.</exception>
    public async Task<WebUser> AddAsync(string address, string? displayName, UserRole role, string password, CancellationToken cancellationToken)
    {
        address = (address ?? "").Trim();
        displayName = string.IsNullOrWhiteSpace(displayName) ? address : displayName.Trim();
        var problems = new List<ValidationProblem>();
        if (!IsAddress(address))
        {
            problems.Add(new ValidationProblem("address", $"'{address}' is not an e-mail address such as agent@example.com."));
        }

        if (displayName.Length > 200)
        {
            problems.Add(new ValidationProblem("displayName", "The display name is longer than 200 characters."));
        }

        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            problems.Add(new ValidationProblem("password", $"The password must have at least {MinPasswordLength} characters."));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        var hash = Hasher.HashPassword(null!, password);
        var user = await store.AddAsync(address, displayName, role, hash, NewStamp(), cancellationToken);
        return user ?? throw new ValidationException("address", $"A user with the address '{address}' already exists.");
    }

    /// <summary>Checks a password, counting failures and locking the user out after <see cref="MaxFailedSignIns"/> in a row.</summary>
    public async Task<SignInCheck> CheckPasswordAsync(string address, string password, CancellationToken cancellationToken)
    {
        var user = await store.FindByAddressAsync(address ?? "", cancellationToken);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password ?? "");
            return new SignInCheck(SignInOutcome.Failed, null);
        }

        var now = time.GetUtcNow();
        if (user.LockedUntil is { } until && until > now)
        {
            return new SignInCheck(SignInOutcome.LockedOut, user);
        }

        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (result == PasswordVerificationResult.Failed)
        {
            var failures = user.FailedSignIns + 1;
            if (failures >= MaxFailedSignIns)
            {
                await store.SetSignInStateAsync(user.Id, 0, now + LockoutDuration, cancellationToken);
                return new SignInCheck(SignInOutcome.LockedOut, user);
            }

            await store.SetSignInStateAsync(user.Id, failures, null, cancellationToken);
            return new SignInCheck(SignInOutcome.Failed, user);
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.SetPasswordAsync(user.Id, Hasher.HashPassword(user, password!), user.SecurityStamp, cancellationToken);
        }
        else if (user.FailedSignIns > 0 || user.LockedUntil is not null)
        {
            await store.SetSignInStateAsync(user.Id, 0, null, cancellationToken);
        }

        return new SignInCheck(SignInOutcome.Succeeded, user);
    }

    /// <summary>A plain addr-spec (local@domain), without a display name or angle brackets.</summary>
    public static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 254 && value.IndexOf('@', StringComparison.Ordinal) > 0
        && MailAddress.TryCreate(value, out var parsed) && string.Equals(parsed.Address, value, StringComparison.Ordinal);

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
