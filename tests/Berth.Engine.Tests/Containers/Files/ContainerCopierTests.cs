using Berth.Engine.Containers.Files;

namespace Berth.Engine.Tests.Containers.Files;

public class ContainerCopierTests
{
    private static readonly HashSet<string> Directories = ["/", "/tmp", "/tmp/dir", "."];

    private static (string, string) Target(string destination, string source) =>
        ContainerCopier.Target(destination, source, Directories.Contains, () => new NotFoundException($"{destination} missing"));

    [Fact]
    public void Target_ExistingDirectory_TakesTheSourcesName() => Assert.Equal(("/tmp/dir", "hosts"), Target("/tmp/dir", "/etc/hosts"));

    [Fact]
    public void Target_NewPathInAnExistingDirectory_TakesItsOwnName() => Assert.Equal(("/tmp", "renamed"), Target("/tmp/renamed", "/etc/hosts"));

    [Fact]
    public void Target_RelativeName_LandsInTheCurrentDirectory() => Assert.Equal((".", "out"), Target("out", "/etc/hosts"));

    [Fact]
    public void Target_SourceEndingInDot_CopiesTheContents() => Assert.Equal(("/tmp/dir", "."), Target("/tmp/dir", "/etc/."));

    [Fact]
    public void Target_MissingParent_IsNotFound() => Assert.Throws<NotFoundException>(() => Target("/nope/x", "/etc/hosts"));

    [Fact]
    public void Target_TrailingSlashOnAMissingDirectory_IsNotFound() => Assert.Throws<NotFoundException>(() => Target("/tmp/new/", "/etc/hosts"));
}
