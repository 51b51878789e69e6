using Berth.Cli.Commands;
using Berth.Engine.Containers;
using Berth.Engine.Network;

namespace Berth.Cli.Tests.Commands;

public sealed class ContainerListRowTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 5, 18, 1, 54, TimeSpan.Zero);

    private static readonly ContainerRecord Container = TestRecords.Container with
    {
        Command = ["sh", "-c", "echo started; sleep 300"],
        Created = Created,
        Status = ContainerStatus.Exited,
        ExitCode = 3,
        FinishedAt = Created,
        Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "shop" },
        Ports = [new PortMapping("", 8080, 80, "tcp")],
    };

    [Theory]
    [InlineData("ID", "93f11c064106")]
    [InlineData("Names", "web")]
    [InlineData("Image", "localhost/busybox:test")]
    [InlineData("Command", "sh -c echo starte...")]
    [InlineData("Ports", "0.0.0.0:8080->80/tcp")]
    [InlineData("Labels", "map[app:shop tier:front]")]
    [InlineData("State", "Exited (3) 5 minutes ago")]
    [InlineData("ExitCode", "3")]
    [InlineData("Exited", "true")]
    [InlineData("CreatedHuman", "5 minutes ago")]
    public void Field_PodmansNames_PodmansRenderings(string field, string expected)
    {
        var row = new ContainerListRow(Container, Created.AddMinutes(5), noTrunc: false);

        Assert.Equal(expected, row.Field(field));
    }

    [Theory]
    [InlineData(false, "0123456789ab")]
    [InlineData(true, "0123456789abcdef")]
    public void Field_PodMember_PodIdAndName(bool noTrunc, string podId)
    {
        var member = Container with { Pod = new PodMembership("0123456789abcdef", "feedfacefeedface") };

        var row = new ContainerListRow(member, Created, noTrunc, podName: "web");

        Assert.Equal((podId, "web"), (row.Field("Pod"), row.Field("PodName")));
        Assert.Equal(("0123456789abcdef", "web"), (row.ToJson()["Pod"]!.GetValue<string>(), row.ToJson()["PodName"]!.GetValue<string>()));
    }

    [Fact]
    public void Field_NoPod_Empty()
    {
        var row = new ContainerListRow(Container, Created, noTrunc: false);

        Assert.Equal(("", ""), (row.Field("Pod"), row.Field("PodName")));
    }

    [Fact]
    public void Field_NoTrunc_FullIdAndCommand()
    {
        var row = new ContainerListRow(Container, Created, noTrunc: true);

        Assert.Equal(Container.Id, row.Field("ID"));
        Assert.Equal("sh -c echo started; sleep 300", row.Field("Command"));
    }

    [Fact]
    public void Field_CreatedAt_GosTimeText()
    {
        var row = new ContainerListRow(Container with { Created = Created.AddTicks(5_174_942) }, Created, noTrunc: false);

        // In this machine's time zone, as Podman prints it ("+0000 UTC" in UTC).
        Assert.Matches(@"^2026-12-0\d \d\d:\d\d:54\.5174942 [+-]\d{4}( UTC)?$", row.Field("CreatedAt"));
    }

    [Fact]
    public void Field_Unknown_Null()
    {
        Assert.Null(new ContainerListRow(Container, Created, noTrunc: false).Field("Nope"));
    }

    [Fact]
    public void HeaderOf_PodmansHeaders()
    {
        Assert.Equal(["CONTAINER ID", "NAMES", "CREATED", "CREATED AT", "LABELS"],
            new[] { "ID", "Names", "CreatedHuman", "CreatedAt", "Labels" }.Select(ContainerListRow.HeaderOf));
    }
}
