using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Engine.Tests.Containers;

public class ContainerCreatorTests
{
    [Fact]
    public void CommandOf_UserCommand_ReplacesCmdButKeepsEntrypoint()
    {
        var config = new ImageConfig { Entrypoint = ["/entry"], Cmd = ["default"] };

        Assert.Equal(["/entry", "mine"], ContainerCreator.CommandOf(config, null, ["mine"]));
        Assert.Equal(["/entry", "default"], ContainerCreator.CommandOf(config, null, []));
        Assert.Equal(["/other", "mine"], ContainerCreator.CommandOf(config, ["/other"], ["mine"]));
        Assert.Equal(["/other"], ContainerCreator.CommandOf(config, ["/other"], []));
    }

    [Fact]
    public void MergeEnv_OverridesByNameAndAppendsNew()
    {
        var merged = ContainerCreator.MergeEnv(["PATH=/bin", "A=1"], ["A=2", "B=3"]);

        Assert.Equal(["PATH=/bin", "A=2", "B=3"], merged);
    }
}
