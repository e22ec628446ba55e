using System.Net;
using System.Text.RegularExpressions;
using Mailroom.Data;
using Mailroom.Data.Settings;
using Mailroom.Data.Users;
using Mailroom.Users;
using Mailroom.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>
/// A real <c>mailroom serve</c> web host, in-process on a free loopback port, over a fresh SQLite data directory.
/// Each test class gets its own, with its own users, so tests never share data.
/// </summary>
public sealed partial class MailroomServer : IAsyncLifetime
{
    public const string AdminAddress = "admin@web.test";
    public const string AgentAddress = "agent@web.test";
    public const string AdminPassword = "Adm1n-web-pass!";
    public const string AgentPassword = "Ag3nt-web-pass!";

    /// <summary>A server with an administrator (<see cref="AdminAddress"/>) and an agent (<see cref="AgentAddress"/>).</summary>
    public MailroomServer()
        : this(withUsers: true)
    {
    }

    /// <summary>
    /// Without users when <paramref name="withUsers"/> is false: a first start. With <paramref name="time"/>, the
    /// whole installation (database, stores, pages, API) reads that clock. Internal, so xunit sees one public constructor.
    /// </summary>
    internal MailroomServer(bool withUsers, TimeProvider? time = null)
    {
        _withUsers = withUsers;
        _time = time ?? TimeProvider.System;
    }

    private readonly bool _withUsers;
    private readonly TimeProvider _time;

    private WebApplication? _app;
    private MailroomDatabase? _database;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mailroom-web-" + Guid.NewGuid().ToString("N")[..12]);

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        _database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(DataDirectory) { TimeProvider = _time }, CancellationToken.None);
        _app = MailroomWebHost.Build(new ServeSettings(_database.Options, "http://127.0.0.1:0", "test-node"), _database);
        await _app.Services.GetRequiredService<SettingsStore>().EnsureInitializedAsync(CancellationToken.None);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First().TrimEnd('/') + "/");
        if (!_withUsers)
        {
            return;
        }

        var users = Services.GetRequiredService<UserDirectory>();
        await users.AddAsync(AdminAddress, "Ada Admin", UserRole.Administrator, AdminPassword, CancellationToken.None);
        await users.AddAsync(AgentAddress, "Abe Agent", UserRole.Agent, AgentPassword, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite's pool may still hold the file for a moment; the temp directory is cleaned by the system.
        }
    }

    /// <summary>A client with its own cookie jar that does not follow redirects, so tests see them.</summary>
    public HttpClient NewClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = BaseAddress,
    };

    /// <summary>A client signed in through the sign-in page, antiforgery token and all.</summary>
    public async Task<HttpClient> SignedInClientAsync(string address, string password)
    {
        var client = NewClient();
        var token = await AntiforgeryTokenAsync(client, "login");
        using var response = await client.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Address"] = address,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {address} answered {(int)response.StatusCode}.");
        }

        return client;
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenInput().Match(html);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
