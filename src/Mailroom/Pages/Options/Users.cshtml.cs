using Mailroom.Core.Validation;
using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options;

/// <summary>
/// Administrators manage who signs in: add, disable and enable, change role, reset a password (the user chooses a
/// new one at the next sign-in), delete. The last active administrator is kept; the refusal says why.
/// </summary>
public sealed class UsersModel(UserDirectory users) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<WebUser> Users { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await users.Store.ListAsync(cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(string address, CancellationToken cancellationToken) =>
        RunAsync(async () => await users.SetDisabledAsync(address, true, cancellationToken) == UserChange.Done
            ? $"{address} is disabled: they cannot sign in, and their sessions have ended." : $"{address} was disabled already.", cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string address, CancellationToken cancellationToken) =>
        RunAsync(async () => await users.SetDisabledAsync(address, false, cancellationToken) == UserChange.Done
            ? $"{address} may sign in again." : $"{address} was active already.", cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(string address, string role, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var newRole = UserRoles.Parse(role);
            await users.SetRoleAsync(address, newRole, cancellationToken);
            return $"{address} is now {(newRole == UserRole.Administrator ? "an administrator" : "an agent")}; they sign in again under the new role.";
        }, cancellationToken);

    public Task<IActionResult> OnPostResetAsync(string address, string? password, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            if (string.IsNullOrEmpty(password))
            {
                throw new ValidationException("password", "Type a temporary password to tell the user; they choose their own at the next sign-in.");
            }

            await users.ResetPasswordAsync(address, password, cancellationToken);
            return $"The password of {address} is reset; their sessions have ended, and at the next sign-in they choose a new one.";
        }, cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(string address, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await users.DeleteAsync(address, User.Identity?.Name ?? "web", cancellationToken);
            return $"{address} is deleted. Their notes and changes keep their name; their records are unassigned.";
        }, cancellationToken);

    public Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var user = await users.AddAsync(Input.Address, Input.DisplayName, UserRoles.Parse(Input.Role), Input.Password, cancellationToken);
            return $"Added {UserRoles.Text(user.Role)} {user.Address}.";
        }, cancellationToken);

    private async Task<IActionResult> RunAsync(Func<Task<string>> change, CancellationToken cancellationToken)
    {
        try
        {
            Message = await change();
            return RedirectToPage();
        }
        catch (ValidationException e)
        {
            Problem = string.Join(" ", e.Problems.Select(p => p.Message));
        }
        catch (NotFoundException e)
        {
            Problem = e.Message;
        }

        Users = await users.Store.ListAsync(cancellationToken);
        Input.Password = "";
        return Page();
    }

    public sealed class InputModel
    {
        public string Address { get; set; } = "";

        public string? DisplayName { get; set; }

        public string Role { get; set; } = "agent";

        public string Password { get; set; } = "";
    }
}
