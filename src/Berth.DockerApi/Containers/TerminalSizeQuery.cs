using Berth.DockerApi.Http;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>The h (rows) and w (columns) of a container's or an exec's resize call.</summary>
public static class TerminalSizeQuery
{
    public static TerminalSize Parse(HttpRequest request) =>
        request.QueryInt("h") is { } rows && request.QueryInt("w") is { } columns && rows >= 0 && columns >= 0
            ? new TerminalSize(rows, columns)
            : throw new InvalidArgumentException("resize needs h and w, the terminal's rows and columns");
}
