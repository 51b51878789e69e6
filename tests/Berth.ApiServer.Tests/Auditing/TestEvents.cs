using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Tests.Auditing;

/// <summary>Small finished events the backend and writer tests pass around.</summary>
internal static class TestEvents
{
    public static AuditEvent Metadata(string auditId) => new()
    {
        Level = AuditLevel.Metadata,
        AuditId = auditId,
        Stage = AuditStage.ResponseComplete,
        RequestUri = "/version",
        Verb = "get",
        User = UserInfo.AnonymousUser,
        RequestReceivedTimestamp = DateTimeOffset.UnixEpoch,
        StageTimestamp = DateTimeOffset.UnixEpoch,
    };
}
