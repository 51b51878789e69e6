using Berth.Engine.Containers;

namespace Berth.Engine.Tests.Containers;

/// <summary>Container records with only the required fields, for tests of the stores around them.</summary>
public static class TestContainerRecords
{
    public static ContainerRecord Minimal(string id, string name) => new()
    {
        Id = id,
        Name = name,
        ImageId = "sha256:abc",
        ImageReference = "localhost/x:latest",
        Command = ["true"],
        Created = DateTimeOffset.UtcNow,
        Runtime = "runc",
    };
}
