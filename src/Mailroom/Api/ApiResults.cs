using Mailroom.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailroom.Api;

/// <summary>The API's answers to the typed exceptions of the services: 400 with every problem by field, 404, 409.</summary>
internal static class ApiResults
{
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Invalid(IEnumerable<Core.Validation.ValidationProblem> problems) =>
        TypedResults.ValidationProblem(
            problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
            title: "The request has problems; each is listed under the field it concerns.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>Runs <paramref name="action"/>, turning validation, not-found and conflict exceptions into problems.</summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            return Invalid(e.Problems);
        }
        catch (NotFoundException e)
        {
            return NotFound(e.Message);
        }
        catch (ConflictException e)
        {
            return Conflict(e.Message);
        }
    }
}
