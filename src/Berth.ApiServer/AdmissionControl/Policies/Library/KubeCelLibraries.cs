using Cel;

namespace Berth.ApiServer.AdmissionControl.Policies.Library;

/// <summary>kube's CEL extension libraries that policy authors use most, on top of cel-net's standard library.</summary>
public static class KubeCelLibraries
{
    public static void Register(CelEnvironment environment)
    {
        StringsLibrary.Register(environment);
        ListsLibrary.Register(environment);
        RegexLibrary.Register(environment);
        UrlLibrary.Register(environment);
        QuantityLibrary.Register(environment);
    }
}
