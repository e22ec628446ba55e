using System.Net.Mail;
using System.Security.Cryptography;
using Mailroom.Core.Validation;
using Mailroom.Data.Records;
using Mailroom.Data.Users;
using Microsoft.AspNetCore.Identity;

namespace Mailroom.Users;

/// <summary>
/// Adds web users and checks their passwords, with ASP.NET Core Identity's password hashing and a lockout after
/// repeated failures. The command (<c>mailroom users</c>) and the sign-in page both go through here.
/// </summary>
public sealed class UserDirectory(UserStore store, TimeProvider time, RecordStore? records = null)
{
    /// <summary>Characters of a temporary password a reset makes (base64url of 12 random bytes: 96 bits).</summary>
    public const int TemporaryPasswordBytes = 12;

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

        CheckPassword(password, problems);
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
        if (result != PasswordVerificationResult.Failed && user.IsDisabled)
        {
            // Told only to whoever knows the password: a stranger learns nothing about which users exist.
            return new SignInCheck(SignInOutcome.Disabled, user);
        }

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

        if (result == PasswordVerificationResult.SuccessRehashNeeded && !user.MustChangePassword)
        {
            await store.SetPasswordAsync(user.Id, Hasher.HashPassword(user, password!), user.SecurityStamp, cancellationToken);
        }
        else if (user.FailedSignIns > 0 || user.LockedUntil is not null)
        {
            await store.SetSignInStateAsync(user.Id, 0, null, cancellationToken);
        }

        return new SignInCheck(SignInOutcome.Succeeded, user);
    }

    /// <summary>The user with this address.</summary>
    /// <exception cref="NotFoundException">Nobody has it.</exception>
    public async Task<WebUser> GetAsync(string address, CancellationToken cancellationToken) =>
        await store.FindByAddressAsync(address ?? "", cancellationToken) ?? throw new NotFoundException("user", (address ?? "").Trim());

    /// <summary>Disables (true) or enables a user; a disabled user's sessions end at their next request.</summary>
    /// <exception cref="NotFoundException">No such user.</exception>
    /// <exception cref="ValidationException">Field <c>address</c>: the last active administrator.</exception>
    public async Task<UserChange> SetDisabledAsync(string address, bool disabled, CancellationToken cancellationToken)
    {
        var user = await GetAsync(address, cancellationToken);
        return Checked(user, await store.SetDisabledAsync(user.Id, disabled, NewStamp(), cancellationToken), disabled ? "disabled" : "enabled");
    }

    /// <exception cref="NotFoundException">No such user.</exception>
    /// <exception cref="ValidationException">Field <c>address</c>: demoting the last active administrator.</exception>
    public async Task<UserChange> SetRoleAsync(string address, UserRole role, CancellationToken cancellationToken)
    {
        var user = await GetAsync(address, cancellationToken);
        return Checked(user, await store.SetRoleAsync(user.Id, role, NewStamp(), cancellationToken), "made an agent");
    }

    /// <summary>Deletes a user; records assigned to them become unassigned, and their journal entries keep their name.</summary>
    /// <exception cref="NotFoundException">No such user.</exception>
    /// <exception cref="ValidationException">Field <c>address</c>: the last active administrator.</exception>
    public async Task<WebUser> DeleteAsync(string address, string actor, CancellationToken cancellationToken)
    {
        var user = await GetAsync(address, cancellationToken);
        Checked(user, await store.DeleteAsync(user.Id, cancellationToken), "deleted");
        if (records is not null)
        {
            await records.UnassignAllAsync(user.Address, actor, cancellationToken);
        }

        return user;
    }

    /// <summary>
    /// Resets a password to <paramref name="temporary"/> (or a random one, returned) and ends the user's sessions; at
    /// the next sign-in with it the user must choose a new one.
    /// </summary>
    /// <exception cref="NotFoundException">No such user.</exception>
    /// <exception cref="ValidationException">Field <c>password</c>: a given temporary password that is too short.</exception>
    public async Task<string> ResetPasswordAsync(string address, string? temporary, CancellationToken cancellationToken)
    {
        var user = await GetAsync(address, cancellationToken);
        var password = string.IsNullOrEmpty(temporary)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(TemporaryPasswordBytes)).Replace('+', '-').Replace('/', '_')
            : temporary;
        var problems = new List<ValidationProblem>();
        CheckPassword(password, problems);
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        await store.ResetPasswordAsync(user.Id, Hasher.HashPassword(user, password), NewStamp(), cancellationToken);
        return password;
    }

    /// <summary>The user's own new password (after a reset, at sign-in); it must differ from the one it replaces.</summary>
    /// <exception cref="ValidationException">Field <c>newPassword</c>: too short, or the same as the old one.</exception>
    public async Task<WebUser> ChooseNewPasswordAsync(WebUser user, string oldPassword, string newPassword, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationProblem>();
        CheckPassword(newPassword, problems, "newPassword");
        if (string.Equals(oldPassword, newPassword, StringComparison.Ordinal))
        {
            problems.Add(new ValidationProblem("newPassword", "Choose a password other than the one you were given."));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        await store.SetPasswordAsync(user.Id, Hasher.HashPassword(user, newPassword), NewStamp(), cancellationToken);
        return await store.FindByIdAsync(user.Id, cancellationToken) ?? throw new NotFoundException("user", user.Address);
    }

    /// <summary>A plain addr-spec (local@domain), without a display name or angle brackets.</summary>
    public static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 254 && value.IndexOf('@', StringComparison.Ordinal) > 0
        && MailAddress.TryCreate(value, out var parsed) && string.Equals(parsed.Address, value, StringComparison.Ordinal);

    private static void CheckPassword(string? password, List<ValidationProblem> problems, string field = "password")
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            problems.Add(new ValidationProblem(field, $"The password must have at least {MinPasswordLength} characters."));
        }
    }

    private static UserChange Checked(WebUser user, UserChange change, string what) => change switch
    {
        UserChange.NotFound => throw new NotFoundException("user", user.Address),
        UserChange.LastAdministrator => throw new ValidationException(
            "address", $"{user.Address} is the last active administrator and cannot be {what}: make another user an administrator first."),
        _ => change,
    };

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
