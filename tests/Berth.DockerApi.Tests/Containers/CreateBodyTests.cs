using System.Text.Json.Nodes;
using Berth.DockerApi.Containers;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Tests.Containers;

public class CreateBodyTests
{
    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Read_WhatTheCliSends_MapsToTheEngineRequest()
    {
        var request = CreateBody.Read(Body("""
            {"Image":"busybox","Cmd":["echo","hi"],"Entrypoint":null,"Env":["A=1"],"WorkingDir":"/tmp","User":"nobody","Tty":true,
             "OpenStdin":true,"Labels":{"tier":"front"},"Healthcheck":{"Test":["NONE"]},
             "HostConfig":{"AutoRemove":true,"NetworkMode":"default","Memory":67108864,"NanoCpus":500000000,"Privileged":false,
               "PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]},"RestartPolicy":{"Name":"no"},"Binds":null}}
            """), "web");

        Assert.Equal(("busybox", "web"), (request.Image, request.Name));
        Assert.Equal(["echo", "hi"], request.Command);
        Assert.Null(request.Entrypoint);
        Assert.Equal(("/tmp", "nobody"), (request.WorkingDir, request.User));
        Assert.True(request.Terminal && request.Interactive && request.AutoRemove);
        Assert.Equal("front", request.Labels["tier"]);
        Assert.Equal(NetworkMode.Bridge, request.Network);
        Assert.Equal(new ResourceLimits(64L << 20, 0.5, null), request.Limits);
        Assert.Equal("127.0.0.1:8080:80/tcp", Assert.Single(request.Ports).Describe());
    }

    [Fact]
    public void Read_SecurityFlags_AreTheContainersSecurityWithDockersDefaults()
    {
        var flags = CreateBody.Read(Body("""
            {"Image":"b","HostConfig":{"CapAdd":["net_admin"],"CapDrop":["ALL"],"Privileged":true,"ReadonlyRootfs":true,"SecurityOpt":["no-new-privileges"]}}
            """), null);
        var none = CreateBody.Read(Body("""{"Image":"b","HostConfig":{"CapAdd":null,"CapDrop":null}}"""), null);

        Assert.Equal(["net_admin"], flags.Security.CapAdd);
        Assert.Equal(["ALL"], flags.Security.CapDrop);
        Assert.True(flags.Security.Privileged && flags.Security.ReadOnlyRootfs && flags.Security.NoNewPrivileges);
        Assert.Equal(SecurityDefaults.Capabilities, none.Security.Capabilities());
        Assert.False(none.Security.Privileged || none.Security.ReadOnlyRootfs || none.Security.NoNewPrivileges);
        Assert.Equal(["CAP_NET_ADMIN"], new ContainerSecurity { CapAdd = flags.Security.CapAdd, CapDrop = flags.Security.CapDrop }.Capabilities());
    }

    [Fact]
    public void Read_EntrypointString_ReplacesTheImagesEntrypoint()
    {
        var request = CreateBody.Read(Body("""{"Image":"busybox","Entrypoint":"/bin/sh"}"""), null);

        Assert.Equal(["/bin/sh"], request.Entrypoint);
    }

    [Fact]
    public void Read_UserNetwork_IsTheBridgeModeWithAnEndpointAndItsAliases()
    {
        var request = CreateBody.Read(Body("""
            {"Image":"b","HostConfig":{"NetworkMode":"app"},"NetworkingConfig":{"EndpointsConfig":{"app":{"Aliases":["db","store"]}}}}
            """), null);

        Assert.Equal(NetworkMode.Bridge, request.Network);
        var endpoint = Assert.Single(request.Networks);
        Assert.Equal("app", endpoint.Network);
        Assert.Equal(["db", "store"], endpoint.Aliases);
    }

    [Fact]
    public void Read_UserNetworkWithAFixedAddress_IsTheEndpointsRequestedAddress()
    {
        var request = CreateBody.Read(Body("""
            {"Image":"b","HostConfig":{"NetworkMode":"app"},"NetworkingConfig":{"EndpointsConfig":{"app":{"IPAMConfig":{"IPv4Address":"10.90.0.9"}}}}}
            """), null);

        Assert.Equal("10.90.0.9", Assert.Single(request.Networks).RequestedIPAddress);
    }

    [Fact]
    public void Read_ContainerNetworkMode_JoinsTheNamedContainerWithNoEndpoint()
    {
        var request = CreateBody.Read(Body("""
            {"Image":"b","Hostname":"","ExposedPorts":{},"HostConfig":{"NetworkMode":"container:web","PortBindings":{}},"NetworkingConfig":{"EndpointsConfig":{"container:web":{}}}}
            """), null);

        Assert.Equal((NetworkMode.Container, "web"), (request.Network, request.NetworkContainer));
        Assert.Empty(request.Networks);
        Assert.Empty(request.Ports);
    }

    [Fact]
    public void Read_RestartPolicy_IsKept()
    {
        var request = CreateBody.Read(Body("""{"Image":"b","HostConfig":{"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2}}}"""), null);

        Assert.Equal(new RestartPolicy("on-failure", 2), request.RestartPolicy);
    }

    [Theory]
    [InlineData("""{"Image":"b","HostConfig":{"CapAdd":["NET_ADMIN","CAP_FOO"]}}""", "invalid CapAdd: unknown capability: \"CAP_FOO\"")]
    [InlineData("""{"Image":"b","HostConfig":{"CapDrop":["bogus"]}}""", "invalid CapDrop: unknown capability: \"CAP_BOGUS\"")]
    [InlineData("""{"Image":"b","HostConfig":{"RestartPolicy":{"Name":"sometimes"}}}""", "invalid restart policy: unknown policy 'sometimes'")]
    [InlineData("""{"Image":"b","HostConfig":{"RestartPolicy":{"Name":"always","MaximumRetryCount":3}}}""", "maximum retry count can only be used with 'on-failure'")]
    [InlineData("""{"Image":"b","HostConfig":{"NetworkMode":"container:"}}""", "Invalid network mode: invalid container format container:<name|id>")]
    [InlineData("""{"Image":"b","Hostname":"h","HostConfig":{"NetworkMode":"container:web"}}""", "conflicting options: hostname and the network mode")]
    [InlineData("""{"Image":"b","HostConfig":{"NetworkMode":"container:web","PortBindings":{"80/tcp":[{"HostPort":"8080"}]}}}""",
        "conflicting options: port publishing and the container type network mode")]
    [InlineData("""{"Image":"b","ExposedPorts":{"80/tcp":{}},"HostConfig":{"NetworkMode":"container:web"}}""", "conflicting options: port exposing and the container type network mode")]
    [InlineData("""{"Image":"b","HostConfig":{"NetworkMode":"bridge"},"NetworkingConfig":{"EndpointsConfig":{"bridge":{"IPAMConfig":{"IPv4Address":"10.88.0.9"}}}}}""",
        "user specified IP address is supported on user defined networks only")]
    [InlineData("""{"Image":"b","HostConfig":{"NetworkMode":"app"},"NetworkingConfig":{"EndpointsConfig":{"app":{"IPAMConfig":{"IPv6Address":"fd00::9"}}}}}""", "--ip6")]
    [InlineData("""{"Image":"b","HostConfig":{"PortBindings":{"80/tcp":[{"HostPort":""}]}}}""", "random host port")]
    [InlineData("""{"Image":"b","Cmd":{"not":"a list"}}""", "invalid container configuration")]
    [InlineData("""{"Cmd":["x"]}""", "Config cannot be empty")]
    [InlineData("""{"Image":"b","Healthcheck":{"Test":["curl","x"]}}""", "Test must start with CMD, CMD-SHELL or NONE")]
    [InlineData("""{"Image":"b","Healthcheck":{"Test":["CMD","true"],"Interval":1000}}""", "Interval in Healthcheck cannot be less than 1ms")]
    [InlineData("""{"Image":"b","Healthcheck":{"Test":["CMD","true"],"Retries":-1}}""", "Retries in Healthcheck cannot be negative")]
    public void Read_WhatBerthCannotHonour_IsRefusedByName(string json, string message)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => CreateBody.Read(Body(json), null));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Read_Healthcheck_NanosecondsAndZerosKeepTheImages()
    {
        var request = CreateBody.Read(Body("""
            {"Image":"b","Healthcheck":{"Test":["CMD-SHELL","test -f /ok"],"Interval":1000000000,"Timeout":0,"StartPeriod":2500000000,"Retries":2}}
            """), null);

        var health = request.Healthcheck!;
        Assert.Equal(["CMD-SHELL", "test -f /ok"], health.Test);
        Assert.Equal((TimeSpan.FromSeconds(1), null, TimeSpan.FromSeconds(2.5), 2), (health.Interval, health.Timeout, health.StartPeriod, health.Retries));
    }

    [Fact]
    public void Read_NoHealthcheck_TheImages()
    {
        var request = CreateBody.Read(Body("""{"Image":"b"}"""), null);

        Assert.Equal((null, false), (request.Healthcheck!.Test, request.Healthcheck.Disabled));
    }
}
