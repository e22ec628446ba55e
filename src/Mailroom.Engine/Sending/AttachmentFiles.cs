using Mailroom.Core.Sending;
using Mailroom.Core.Validation;

namespace Mailroom.Engine.Sending;

/// <summary>Reads the files given with <c>--attach</c>; every missing or unreadable one is reported at once.</summary>
internal static class AttachmentFiles
{
    public static async Task<IReadOnlyList<OutgoingAttachment>> ReadAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationProblem>();
        var attachments = new List<OutgoingAttachment>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                problems.Add(new ValidationProblem("attach", $"the file '{path}' does not exist."));
                continue;
            }

            try
            {
                attachments.Add(new OutgoingAttachment(Path.GetFileName(path), null, await File.ReadAllBytesAsync(path, cancellationToken)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new ValidationProblem("attach", $"the file '{path}' cannot be read: {e.Message}"));
            }
        }

        return problems.Count > 0 ? throw new ValidationException(problems) : attachments;
    }
}
