using Berth.ApiServer.Auditing;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Tests.Auditing;

public class AuditIdTests
{
    [Fact]
    public void Assign_WithoutAClientId_AnswersANewUuid_TheSameOnEveryCall()
    {
        var context = new DefaultHttpContext();

        var id = AuditId.Assign(context);

        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, AuditId.Assign(context));
        Assert.Equal(id, context.Response.Headers[AuditId.Header].ToString());
        Assert.NotEqual(id, AuditId.Assign(new DefaultHttpContext()));
    }

    [Fact]
    public void Assign_TheClientsId_IsKeptAndAnswered()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[AuditId.Header] = "from-the-client";

        Assert.Equal("from-the-client", AuditId.Assign(context));
        Assert.Equal("from-the-client", context.Response.Headers[AuditId.Header].ToString());
    }
}
