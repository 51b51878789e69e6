using System.Runtime.Versioning;
using Berth.Engine.Runtime.Runc;

namespace Berth.Engine.Tests.Runtime.Oci;

/// <summary>The runtime's delete against a stand-in runtime that records how it was called.</summary>
[SupportedOSPlatform("linux")]
public sealed class OciCliDriverDeleteTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("berth-oci-delete-").FullName;
    private readonly RuncDriver _driver;

    public OciCliDriverDeleteTests()
    {
        var runtime = Path.Combine(_directory, "runtime");
        File.WriteAllText(runtime, $"#!/bin/sh\necho \"$@\" >> {Calls}\n");
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _driver = new RuncDriver(runtime, Path.Combine(_directory, "state"));
    }

    private string Calls => Path.Combine(_directory, "calls");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DeleteAsync_TheRuntimeHasNoStateForTheContainer_RuntimeNotStarted()
    {
        await _driver.DeleteAsync("gone");

        Assert.False(File.Exists(Calls));
    }

    [Fact]
    public async Task DeleteAsync_TheRuntimeHoldsTheContainersState_RuntimeDeletesIt()
    {
        Directory.CreateDirectory(Path.Combine(_driver.StateRoot, "held"));

        await _driver.DeleteAsync("held");

        Assert.Equal($"--root {_driver.StateRoot} delete --force held\n", File.ReadAllText(Calls));
    }
}
