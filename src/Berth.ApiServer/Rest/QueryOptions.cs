using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Selectors;
using Berth.Client.Selectors;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>The query parameters of a request, parsed and checked (bad ones are a 400).</summary>
public sealed class QueryOptions(IQueryCollection query)
{
    /// <summary>A write of the request's authenticated user (the router sets it before any handler runs), dry or not.</summary>
    public WriteOptions WriteBy(HttpContext context) =>
        new(context.Features.Get<Authentication.UserInfo>() ?? throw new InvalidOperationException("a write reached the registry without an authenticated user"), DryRun,
            message => Warnings.Add(context, [message]), Auditing.AuditRecorder.Of(context)?.AdmissionAnnotations);

    public bool DryRun
    {
        get
        {
            var values = query["dryRun"];
            return values.Count switch
            {
                0 => false,
                _ when values.All(v => v == "All") => true,
                _ => throw ApiException.BadRequest($"dryRun: Unsupported value: \"{values}\": supported values: \"All\""),
            };
        }
    }

    /// <summary>Strict, Warn or Ignore (absent = Warn; kubectl sends Strict).</summary>
    public FieldValidationMode FieldValidation => Admission.ParseMode(Optional("fieldValidation"));

    public bool Watch => Flag("watch");

    /// <summary>The fieldManager parameter, or null.</summary>
    public string? FieldManager => Optional("fieldManager");

    /// <summary>force=true: a server-side apply takes over the fields other managers own.</summary>
    public bool Force => Flag("force");

    public bool AllowWatchBookmarks => Flag("allowWatchBookmarks");

    public string? ResourceVersion => Optional("resourceVersion");

    public TimeSpan? Timeout
    {
        get
        {
            var text = Optional("timeoutSeconds");
            if (text is null)
            {
                return null;
            }
            return long.TryParse(text, out var seconds) && seconds >= 0
                ? TimeSpan.FromSeconds(Math.Min(seconds, 24 * 3600))
                : throw ApiException.BadRequest($"timeoutSeconds: Invalid value: \"{text}\": must be a non-negative integer");
        }
    }

    public PropagationPolicy? Propagation => Optional("propagationPolicy") is { } policy ? DeleteRequest.ParsePolicy(policy) : null;

    public long? GracePeriodSeconds => Optional("gracePeriodSeconds") is { } text
        ? long.TryParse(text, out var grace) ? grace : throw ApiException.BadRequest($"gracePeriodSeconds: Invalid value: \"{text}\"")
        : null;

    public ListRequest List(ResourceDefinition resource)
    {
        var limitText = Optional("limit");
        var limit = 0;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit < 0))
        {
            throw ApiException.BadRequest($"limit: Invalid value: \"{limitText}\": must be a non-negative integer");
        }
        var match = Optional("resourceVersionMatch");
        if (match is not null and not "Exact" and not "NotOlderThan")
        {
            throw ApiException.BadRequest($"resourceVersionMatch: Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\"");
        }
        return new ListRequest(
            LabelSelectorOf(Optional("labelSelector")),
            FieldSelector.Parse(Optional("fieldSelector"), resource),
            limit,
            Optional("continue"),
            ResourceVersion,
            match);
    }

    private static LabelSelector LabelSelectorOf(string? text)
    {
        try
        {
            return LabelSelector.Parse(text);
        }
        catch (FormatException malformed)
        {
            throw ApiException.BadRequest(malformed.Message);
        }
    }

    private string? Optional(string name)
    {
        var value = query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    private bool Flag(string name) => Optional(name) switch
    {
        null or "false" or "0" => false,
        "true" or "1" => true,
        var other => throw ApiException.BadRequest($"{name}: Invalid value: \"{other}\": must be true or false"),
    };
}
