using System.Text;
using System.Text.Json;
using Berth.Engine.Images.Oci;

namespace Berth.Engine.Tests.Images;

/// <summary>
/// <see cref="OciImageReader"/> against the serializer it stands in for: both read every document below to the same
/// <see cref="OciImage"/> (compared as the serializer writes it back), or both refuse it with a JsonException. One
/// difference is meant: a property the document leaves out keeps the record's default, where the serializer's
/// source-generated reading sets an init-only property it did not see to null.
/// </summary>
public sealed class OciImageReaderTests
{
    [Theory]
    [InlineData("""
        {"created":"2026-12-07T03:04:05.123456789Z","author":"me","architecture":"arm64","os":"linux",
         "config":{"User":"1000:1000","ExposedPorts":{"80/tcp":{},"53/udp":{"ignored":1}},"Env":["PATH=/bin","A=b"],
           "Entrypoint":["/bin/sh","-c"],"Cmd":["echo hi"],"Volumes":{"/data":{}},"WorkingDir":"/srv",
           "Labels":{"team":"web","empty":""},"StopSignal":"SIGINT",
           "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":30000000000,"Timeout":5000000000,"StartPeriod":0,
             "StartInterval":1000000000,"Retries":3},
           "OnBuild":["RUN true"]},
         "rootfs":{"type":"layers","diff_ids":["sha256:aaaa","sha256:bbbb"]},
         "history":[{"created":"2026-12-07T03:04:05+02:00","created_by":"/bin/sh -c #(nop) ADD","author":"x","comment":"c",
           "empty_layer":true},{"created_by":"RUN true"}]}
        """)]
    [InlineData("""
        {"created":null,"author":null,"architecture":null,"os":null,"config":null,"rootfs":null,"history":null}
        """)]
    [InlineData("""
        {"architecture":"amd64","os":"linux","config":{"User":null,"ExposedPorts":null,"Env":null,"Entrypoint":null,"Cmd":null,"Volumes":{"/v":null},
          "WorkingDir":null,"Labels":{"a":null},"StopSignal":null,"Healthcheck":{"Test":null,"Retries":null},"OnBuild":null},
         "rootfs":{"type":null,"diff_ids":null},"history":[null,{}]}
        """)]
    [InlineData("""
        {"os":"windows","os":"linux","architecture":"amd64","Architecture":"ignored","unknown":{"deep":[1,2,{"x":null}]},
         "config":{"Env":["A"],"Env":["B"],"env":["C"],"Labels":{"k":"1","k":"2"}},"rootfs":{"type":"layers","diff_ids":[]}}
        """)]
    [InlineData("null")]
    public void Read_GivesWhatTheSerializerGives(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var expected = JsonSerializer.Deserialize(bytes, OciJson.Default.OciImage);
        var read = OciImageReader.Read(bytes);

        Assert.Equal(Write(expected), Write(read));
    }

    [Fact]
    public void Read_AbsentProperties_KeepTheRecordsDefaults()
    {
        var image = OciImageReader.Read("""{"config":{"Healthcheck":{}},"rootfs":{},"history":[{}]}"""u8.ToArray())!;

        Assert.Equal(("amd64", "linux", "layers"), (image.Architecture, image.Os, image.RootFs.Type));
        Assert.Empty(image.RootFs.DiffIds);
        Assert.Empty(image.Config!.Healthcheck!.Test);
        Assert.Equal(Write(new OciImage()), Write(OciImageReader.Read("{}"u8.ToArray())));
    }

    [Theory]
    [InlineData("""{"config":{"Env":"PATH=/bin"}}""")]
    [InlineData("""{"config":{"Env":[1]}}""")]
    [InlineData("""{"config":{"Healthcheck":{"Interval":"30s"}}}""")]
    [InlineData("""{"config":{"Healthcheck":{"Retries":3.5}}}""")]
    [InlineData("""{"config":{"Healthcheck":{"Retries":4294967296}}}""")]
    [InlineData("""{"config":{"ExposedPorts":{"80/tcp":true}}}""")]
    [InlineData("""{"config":{"Labels":["a"]}}""")]
    [InlineData("""{"created":"yesterday"}""")]
    [InlineData("""{"created":12}""")]
    [InlineData("""{"rootfs":[]}""")]
    [InlineData("""{"history":[{"empty_layer":"yes"}]}""")]
    [InlineData("[]")]
    [InlineData("""{"config":""")]
    public void Read_RefusesWhatTheSerializerRefuses(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(bytes, OciJson.Default.OciImage));
        var error = Assert.ThrowsAny<JsonException>(() => OciImageReader.Read(bytes));
        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void Read_AWrongKind_NamesWhereItIs()
    {
        var error = Assert.Throws<JsonException>(() => OciImageReader.Read("""{"config":{"Env":["A",2]}}"""u8.ToArray()));

        Assert.Contains("Path: $.config.Env[1]", error.Message);
    }

    private static string Write(OciImage? image) => image is null ? "null" : JsonSerializer.Serialize(image, OciJson.Default.OciImage);
}
