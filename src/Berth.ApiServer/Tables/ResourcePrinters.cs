using System.Collections.Frozen;

namespace Berth.ApiServer.Tables;

/// <summary>The printer of each built-in resource, by API group and plural resource name.</summary>
internal static class ResourcePrinters
{
    private static readonly IResourcePrinter s_default = new ColumnPrinter(PrintedColumn.Name, PrintedColumn.Age);

    private static readonly FrozenDictionary<(string Group, string Resource), IResourcePrinter> s_printers = Build();

    public static IResourcePrinter For(string group, string resource) => s_printers.GetValueOrDefault((group, resource), s_default);

    private static FrozenDictionary<(string, string), IResourcePrinter> Build()
    {
        var printers = new Dictionary<(string, string), IResourcePrinter>();
        CorePrinters.Register(printers);
        WorkloadPrinters.Register(printers);
        ClusterPrinters.Register(printers);
        CertificatePrinters.Register(printers);
        return printers.ToFrozenDictionary();
    }
}
