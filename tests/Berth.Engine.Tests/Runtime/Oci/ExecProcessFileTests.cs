using System.Text.Json.Nodes;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Oci;

namespace Berth.Engine.Tests.Runtime.Oci;

public sealed class ExecProcessFileTests : IDisposable
{
    private readonly BusyboxRootfs _rootfs = new();

    public void Dispose() => _rootfs.Dispose();

    private JsonObject Config() => JsonNode.Parse($$$"""
        {"root": {"path": "{{{_rootfs.Layer}}}"},
         "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["sleep", "100"], "env": ["PATH=/bin", "A=1"],
                     "cwd": "/", "capabilities": {"bounding": ["CAP_KILL"]}, "noNewPrivileges": true}}
        """)!.AsObject();

    [Fact]
    public void Build_NothingAsked_TheContainersProcessWithTheExecsArguments()
    {
        var process = ExecProcessFile.Build(Config(), _rootfs.Root, new ExecOptions(["sh", "-c", "true"]), size: null);

        Assert.Equal("""["sh","-c","true"]""", process["args"]!.ToJsonString());
        Assert.Equal("""["PATH=/bin","A=1"]""", process["env"]!.ToJsonString());
        Assert.Equal("/", process["cwd"]!.GetValue<string>());
        Assert.Equal("""{"bounding":["CAP_KILL"]}""", process["capabilities"]!.ToJsonString());
        Assert.True(process["noNewPrivileges"]!.GetValue<bool>());
        Assert.False(process["terminal"]!.GetValue<bool>());
        Assert.Null(process["consoleSize"]);
    }

    [Fact]
    public void Build_TerminalEnvDirectoryUserAndSize_SetAsTheRuntimeReadsThem()
    {
        var options = new ExecOptions(["sh"]) { Tty = true, Env = ["A=2"], WorkingDir = "/tmp", User = "nobody" };

        var process = ExecProcessFile.Build(Config(), _rootfs.Root, options, new TerminalSize(40, 132));

        Assert.True(process["terminal"]!.GetValue<bool>());
        Assert.Equal("""["PATH=/bin","A=1","A=2"]""", process["env"]!.ToJsonString());
        Assert.Equal("/tmp", process["cwd"]!.GetValue<string>());
        Assert.Equal("""{"uid":65534,"gid":65534,"additionalGids":[10]}""", process["user"]!.ToJsonString());
        Assert.Equal("""{"height":40,"width":132}""", process["consoleSize"]!.ToJsonString());
    }

    [Fact]
    public void Write_OnTheRuntimesTmpfsNotInTheBundle_DeletedOnDispose()
    {
        File.WriteAllText(Path.Combine(_rootfs.Root, "config.json"), Config().ToJsonString());

        string path;
        using (var file = ExecProcessFile.Write(_rootfs.Root, new ExecOptions(["true"]), size: null))
        {
            path = file.Path;
            Assert.Equal(ExecProcessFile.Directory, Path.GetDirectoryName(path));
            Assert.StartsWith(Path.GetFileName(_rootfs.Root) + "-", Path.GetFileName(path));
            Assert.Equal("""["true"]""", JsonNode.Parse(File.ReadAllText(path))!["args"]!.ToJsonString());
        }

        Assert.False(File.Exists(path));
    }
}
