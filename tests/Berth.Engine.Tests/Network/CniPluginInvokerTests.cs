using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

/// <summary>The invoker against small shell-script plugins that stand in for the protocol's other side.</summary>
[SupportedOSPlatform("linux")]
public sealed class CniPluginInvokerTests : IDisposable
{
    private static readonly CniRuntimeArgs Args = new("c1", "/run/netns/berth-c1", "eth0");
    private readonly DirectoryInfo _plugins = Directory.CreateTempSubdirectory("berth-cni-fake-");

    public void Dispose() => _plugins.Delete(recursive: true);

    [Fact]
    public async Task InvokeAsync_Add_PassesParametersInTheEnvironmentAndConfigOnStdin()
    {
        // Echoes its environment and stdin back as a result, so the test sees what it received.
        WritePlugin("echo", """
            stdin=$(cat)
            printf '{"cniVersion":"1.0.0","env":"%s %s %s %s %s","stdin":%s}' "$CNI_COMMAND" "$CNI_CONTAINERID" "$CNI_NETNS" "$CNI_IFNAME" "$CNI_PATH" "$stdin"
            """);
        var invoker = new CniPluginInvoker(["/nonexistent", _plugins.FullName]);
        var config = new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "n", ["type"] = "echo" };

        var result = await invoker.InvokeAsync(CniCommand.Add, config, Args);

        Assert.Equal($"ADD c1 /run/netns/berth-c1 eth0 /nonexistent:{_plugins.FullName}", result!["env"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(config, result["stdin"]));
    }

    [Theory]
    [InlineData(CniCommand.Del, "DEL")]
    [InlineData(CniCommand.Check, "CHECK")]
    public async Task InvokeAsync_DelOrCheck_ReturnsNullOnSuccess(CniCommand command, string expected)
    {
        WritePlugin("verb", $$"""cat >/dev/null; [ "$CNI_COMMAND" = "{{expected}}" ]""");
        var invoker = new CniPluginInvoker([_plugins.FullName]);

        var result = await invoker.InvokeAsync(command, new JsonObject { ["type"] = "verb" }, Args);

        Assert.Null(result);
    }

    [Fact]
    public async Task InvokeAsync_PluginPrintsAnErrorObject_ThrowsWithItsMessageDetailsAndCode()
    {
        WritePlugin("fail", """cat >/dev/null; echo '{"cniVersion":"1.0.0","code":11,"msg":"failed to allocate","details":"range is full"}'; exit 1""");
        var invoker = new CniPluginInvoker([_plugins.FullName]);

        var error = await Assert.ThrowsAsync<BerthException>(() => invoker.InvokeAsync(CniCommand.Add, new JsonObject { ["type"] = "fail" }, Args));

        Assert.Equal("CNI plugin fail ADD failed: failed to allocate: range is full (code 11)", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_PluginFailsWithPlainText_ThrowsWithItsStderrOnOneLine()
    {
        WritePlugin("crash", "echo 'panic: boom' >&2; echo 'goroutine 1' >&2; exit 2");
        var invoker = new CniPluginInvoker([_plugins.FullName]);

        var error = await Assert.ThrowsAsync<BerthException>(() => invoker.InvokeAsync(CniCommand.Del, new JsonObject { ["type"] = "crash" }, Args));

        Assert.Equal("CNI plugin crash DEL failed: panic: boom goroutine 1 (exit code 2)", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_AddPrintsNoJson_Throws()
    {
        WritePlugin("garbage", "cat >/dev/null; echo 'not json'");
        var invoker = new CniPluginInvoker([_plugins.FullName]);

        var error = await Assert.ThrowsAsync<BerthException>(() => invoker.InvokeAsync(CniCommand.Add, new JsonObject { ["type"] = "garbage" }, Args));

        Assert.StartsWith("CNI plugin garbage ADD printed a result that is not JSON", error.Message);
    }

    [Theory]
    [InlineData("missing", "CNI plugin \"missing\" not found in")]
    [InlineData("../bin/sh", "is not a plain name")]
    public async Task InvokeAsync_PluginNotInThePath_ThrowsNamingIt(string type, string expected)
    {
        var invoker = new CniPluginInvoker([_plugins.FullName]);

        var error = await Assert.ThrowsAsync<BerthException>(() => invoker.InvokeAsync(CniCommand.Add, new JsonObject { ["type"] = type }, Args));

        Assert.Contains(expected, error.Message);
    }

    private void WritePlugin(string name, string body)
    {
        var path = Path.Combine(_plugins.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
