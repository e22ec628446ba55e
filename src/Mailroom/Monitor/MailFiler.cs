using System.Data.Common;

namespace Mailroom.Monitor;

/// <summary>Placeholder until the records store lands: every message is set aside as not handled.</summary>
internal sealed class MailFiler : IMessageFiler
{
    public Task<FilingResult> FileAsync(FilingRequest request, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.FromResult(FilingResult.NotHandled("Filing on records is not available in this build."));
}
