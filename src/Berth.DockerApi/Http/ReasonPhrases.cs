namespace Berth.DockerApi.Http;

/// <summary>The reason phrase of each status this server sends.</summary>
internal static class ReasonPhrases
{
    public static string For(int status) => status switch
    {
        101 => "UPGRADED",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Status",
    };
}
