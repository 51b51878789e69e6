using Berth.ApiServer.Authorization.Rbac;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Tests.Registry;

namespace Berth.ApiServer.Tests.Authorization.Rbac;

public class BootstrapPolicyReconcilerTests
{
    [Theory]
    [InlineData("true", false)]
    [InlineData("false", true)]
    public async Task Reconcile_RetiredBerthNodesBinding_IsDeletedUnlessTheUserKeptIt(string autoupdate, bool kept)
    {
        await using var fixture = await StoreFixture.StartAsync();
        var bindings = StoreFixture.Resource(RbacSubject.ApiGroup, "clusterrolebindings");
        await fixture.Store.CreateAsync(bindings, null, StoreFixture.Json($$$"""
            {"metadata":{"name":"berth:nodes","annotations":{"{{{BootstrapPolicy.AutoUpdateAnnotation}}}":"{{{autoupdate}}}"}},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:node"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:nodes"}]}
            """), WriteOptions.Server, CancellationToken.None);

        await new BootstrapPolicyReconciler(fixture.Store).ReconcileAsync(CancellationToken.None);

        var found = await Record.ExceptionAsync(() => fixture.Store.GetAsync(bindings, null, "berth:nodes", CancellationToken.None));
        Assert.Equal(kept, found is null);
        Assert.True(kept || found is ApiException { Code: 404 });
        await fixture.Store.GetAsync(bindings, null, "berth:node-proxiers", CancellationToken.None);
    }
}
