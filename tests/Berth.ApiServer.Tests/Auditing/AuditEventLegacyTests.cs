using System.Buffers;
using System.Text;
using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Tests.Auditing;

public class AuditEventLegacyTests
{
    [Fact]
    public void Write_IsKubesLegacyLine_WithGoQuoting()
    {
        var e = new AuditEvent
        {
            Level = AuditLevel.Metadata,
            AuditId = "c939d2a7-1c37-4ef1-b2f7-4ba9b1e43b53",
            Stage = AuditStage.ResponseComplete,
            RequestUri = "/api/v1/namespaces/default/pods?limit=500",
            Verb = "list",
            User = UserInfo.Authenticated("alice", "", ["dev", "system:authenticated"]),
            SourceIps = ["127.0.0.1", "10.0.0.1"],
            UserAgent = "kubectl/v1.32.0 (linux/amd64) \"x\"",
            ObjectRef = new AuditObjectRef("pods", "default", "", "", "v1", ""),
            ResponseStatus = new AuditResponseStatus(200),
            RequestReceivedTimestamp = new DateTimeOffset(2026, 12, 6, 3, 57, 9, 106, TimeSpan.Zero).AddTicks(8418),
            StageTimestamp = DateTimeOffset.UnixEpoch,
        };
        var output = new ArrayBufferWriter<byte>();

        AuditEventLegacy.Write(e, output);

        Assert.Equal(
            "2026-12-06T03:57:09.1068418Z AUDIT: id=\"c939d2a7-1c37-4ef1-b2f7-4ba9b1e43b53\" stage=\"ResponseComplete\" ip=\"127.0.0.1\" method=\"list\" user=\"alice\" "
            + "groups=\"\\\"dev\\\",\\\"system:authenticated\\\"\" as=\"<self>\" asgroups=\"<lookup>\" user-agent=\"kubectl/v1.32.0 (linux/amd64) \\\"x\\\"\" "
            + "namespace=\"default\" uri=\"/api/v1/namespaces/default/pods?limit=500\" response=\"200\"\n",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Write_ARequestNotYetAnswered_IsDeferred_AndImpersonationIsShown()
    {
        var e = new AuditEvent
        {
            Level = AuditLevel.Metadata,
            AuditId = "id",
            Stage = AuditStage.RequestReceived,
            RequestUri = "/version",
            Verb = "get",
            User = UserInfo.Authenticated("admin", "", []),
            ImpersonatedUser = UserInfo.Authenticated("bob", "", ["qa"]),
            RequestReceivedTimestamp = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero),
            StageTimestamp = DateTimeOffset.UnixEpoch,
        };
        var output = new ArrayBufferWriter<byte>();

        AuditEventLegacy.Write(e, output);

        Assert.Equal(
            "2026-12-06T03:00:00Z AUDIT: id=\"id\" stage=\"RequestReceived\" ip=\"<unknown>\" method=\"get\" user=\"admin\" groups=\"\\\"system:authenticated\\\"\" as=\"bob\" asgroups=\"\\\"qa\\\",\\\"system:authenticated\\\"\" "
            + "user-agent=\"\" namespace=\"<none>\" uri=\"/version\" response=\"<deferred>\"\n",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
