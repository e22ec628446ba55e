namespace Mailroom.Engine.Outbox;

/// <summary>What one pass over the outbox did.</summary>
internal sealed record OutboxRunResult(int Sent, int Retrying, int Failed)
{
    public static OutboxRunResult None { get; } = new(0, 0, 0);

    public OutboxRunResult Add(OutboxRunResult other) => new(Sent + other.Sent, Retrying + other.Retrying, Failed + other.Failed);
}
