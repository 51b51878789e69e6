namespace Berth.Acceptance.Api;

/// <summary>The kubectl suite against etcd (Debian's etcd-server, started by the fixture).</summary>
public sealed class EtcdKubectlTests(EtcdApiServer fixture) : KubectlTests(fixture.Server), IClassFixture<EtcdApiServer>;
