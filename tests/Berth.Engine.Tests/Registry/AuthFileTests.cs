using System.Text.Json.Nodes;
using Berth.Engine.Registry;

namespace Berth.Engine.Tests.Registry;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AuthFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-authfile-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public async Task StoreAsync_NewFile_WritesDockerConfigAuthsOwnerOnly()
    {
        var file = new AuthFile(PathOf("sub/auth.json"));

        await file.StoreAsync("127.0.0.1:5000", new RegistryCredentials("user", "p:ss"), CancellationToken.None);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(file.Path))!;
        Assert.Equal("dXNlcjpwOnNz", json["auths"]!["127.0.0.1:5000"]!["auth"]!.GetValue<string>());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.Equal(new RegistryCredentials("user", "p:ss"), file.Find("127.0.0.1:5000"));
    }

    [Fact]
    public async Task RemoveAsync_OtherKeys_AreKept()
    {
        var path = PathOf("config.json");
        await File.WriteAllTextAsync(path, """{"auths":{"a.example":{"auth":"dTpw"},"b.example":{"auth":"dTpw"}},"credHelpers":{"x":"y"}}""");

        var removed = await new AuthFile(path).RemoveAsync("a.example", CancellationToken.None);
        var again = await new AuthFile(path).RemoveAsync("a.example", CancellationToken.None);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(removed);
        Assert.False(again);
        Assert.Null(json["auths"]!["a.example"]);
        Assert.NotNull(json["auths"]!["b.example"]);
        Assert.Equal("y", json["credHelpers"]!["x"]!.GetValue<string>());
    }

    [Fact]
    public async Task Find_OnlyInFallback_ReadsFallback()
    {
        var fallback = PathOf("docker.json");
        await File.WriteAllTextAsync(fallback, """{"auths":{"https://index.docker.io/v1/":{"auth":"dTpw"}}}""");

        var found = new AuthFile(PathOf("missing.json"), fallback).Find("docker.io");

        Assert.Equal(new RegistryCredentials("u", "p"), found);
    }

    [Fact]
    public async Task Find_InvalidJson_IsOneLineError()
    {
        var path = PathOf("bad.json");
        await File.WriteAllTextAsync(path, "{oops");

        var error = Assert.Throws<BerthException>(() => new AuthFile(path).Find("x"));

        Assert.StartsWith($"{path}: invalid auth file", error.Message);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
