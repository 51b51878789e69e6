using System.Text;
using System.Text.Json;
using Berth.Acceptance.Images;

namespace Berth.Acceptance.Registry;

/// <summary>Basic auth against a real htpasswd registry: refused without login, login stores credentials, logout forgets them.</summary>
public sealed class RegistryAuthTests(BasicAuthRegistry registry) : IClassFixture<BasicAuthRegistry>, IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly string _repo = $"auth{Random.Shared.Next():x}";

    private string AuthFile => Path.Combine(_root.Path, "auth.json");

    [Fact]
    public async Task Push_WithoutLogin_Unauthorized()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, $"localhost/{_repo}:1");

        var push = await _root.BerthAsync("push", "--authfile", AuthFile, $"localhost/{_repo}:1", $"{registry.Domain}/{_repo}:1");

        RegistryFaultTests.AssertOneLineError(push, "unauthorized");
    }

    [Fact]
    public async Task Login_WrongPassword_IsRefusedAndNothingStored()
    {
        var login = await _root.BerthAsync("login", "--authfile", AuthFile, "-u", BasicAuthRegistry.User, "-p", "wrong", registry.Domain);

        RegistryFaultTests.AssertOneLineError(login, "unauthorized");
        Assert.False(File.Exists(AuthFile));
    }

    [Fact]
    public async Task LoginPushPullLogout_CredentialsComeAndGo()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, $"localhost/{_repo}:1");
        var remote = $"{registry.Domain}/{_repo}:1";

        var login = await BerthBinary.RunAsync(["--root", _root.Path, "login", "--authfile", AuthFile, "-u", BasicAuthRegistry.User, "--password-stdin", registry.Domain], BasicAuthRegistry.Password + "\n");
        var stored = JsonDocument.Parse(await File.ReadAllTextAsync(AuthFile)).RootElement.GetProperty("auths").GetProperty(registry.Domain).GetProperty("auth").GetString();
        var push = await _root.BerthAsync("push", "--authfile", AuthFile, $"localhost/{_repo}:1", remote);
        using var other = new TempEngineRoot();
        var pull = await other.BerthAsync("pull", "--authfile", AuthFile, remote);
        var logout = await _root.BerthAsync("logout", "--authfile", AuthFile, registry.Domain);
        var pullAfterLogout = await other.BerthAsync("pull", "--authfile", AuthFile, remote);
        var secondLogout = await _root.BerthAsync("logout", "--authfile", AuthFile, registry.Domain);

        Assert.Equal(0, login.ExitCode);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{BasicAuthRegistry.User}:{BasicAuthRegistry.Password}")), stored);
        Assert.Equal(0, push.ExitCode);
        Assert.Equal(0, pull.ExitCode);
        Assert.Equal(0, logout.ExitCode);
        RegistryFaultTests.AssertOneLineError(pullAfterLogout, "unauthorized");
        RegistryFaultTests.AssertOneLineError(secondLogout, $"not logged into {registry.Domain}");
    }

    public void Dispose() => _root.Dispose();
}
